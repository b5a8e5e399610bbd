import { type BrowserSession, closeBrowser, openSession } from './browser-session';
import { type GatewayCorsMode, type RunningSystem, startSystem } from './system';

/** What a spec file uses; read inside tests (set by the hooks). */
export interface E2eContext {
  readonly system: RunningSystem;
  readonly session: BrowserSession;
}

/**
 * Registers the hooks every browser spec needs: the three apps once per file,
 * one Chromium per file, and a fresh browser context per test (`'test'`,
 * own cookies and preflight cache) or per file (`'file'`).
 */
export function useE2eSystem(cors: GatewayCorsMode, sessionScope: 'test' | 'file' = 'test', transport: { https?: boolean } = {}): E2eContext {
  let system: RunningSystem | undefined;
  let session: BrowserSession | undefined;
  const [before, after] = sessionScope === 'test' ? [beforeEach, afterEach] : [beforeAll, afterAll];

  beforeAll(async () => {
    system = await startSystem({ cors, https: transport.https });
  });
  before(async () => {
    // HTTPS runs: this context (only) accepts the run's development CA, as a user who trusted it would.
    session = await openSession({ ignoreHTTPSErrors: !!transport.https });
  });
  after(async () => {
    await session?.close();
  });
  afterAll(async () => {
    await closeBrowser();
    await system?.stop();
  });

  return {
    get system() {
      if (!system) throw new Error('The system is not running (startSystem failed?)');
      return system;
    },
    get session() {
      if (!session) throw new Error('No browser session (openSession failed?)');
      return session;
    },
  };
}
