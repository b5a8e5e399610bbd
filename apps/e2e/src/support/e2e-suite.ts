import { type BrowserSession, closeBrowser, openSession } from './browser-session';
import type { GatewayCorsMode } from './gateway-config';
import { type RunningSystem, startSystem } from './system';

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
export function useE2eSystem(cors: GatewayCorsMode, sessionScope: 'test' | 'file' = 'test'): E2eContext {
  let system: RunningSystem | undefined;
  let session: BrowserSession | undefined;
  const [before, after] = sessionScope === 'test' ? [beforeEach, afterEach] : [beforeAll, afterAll];

  beforeAll(async () => {
    system = await startSystem(cors);
  });
  before(async () => {
    session = await openSession();
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
