import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureDevCertificates } from '@corsway/dev-certs';
import { type RunningApp, startApp, workspaceRoot, reserveFreePort } from '@corsway/testing';

export type GatewayCorsMode =
  /** The shipped config (`gateway.config.json`), its origins following WEB_ORIGIN. */
  | 'configured'
  /** The shipped "before" config (`gateway.cors-off.config.json`, what `npm start -- --cors=off` runs): no CORS at all. */
  | 'none';

export interface SystemOptions {
  readonly cors?: GatewayCorsMode;
  /** All three on https:// with a development CA made for this run (the way `npm start -- --https` runs). */
  readonly https?: boolean;
}

/** The three built apps, wired to each other on free ports. */
export interface RunningSystem {
  readonly userService: RunningApp;
  readonly gateway: RunningApp;
  readonly web: RunningApp;
  /** The development CA the apps' certificate chains to (HTTPS runs only). */
  readonly caCertFile?: string;
  /** Everything all three printed, for failure messages. */
  output(): string;
  stop(): Promise<void>;
}

const CONFIG_FILES: Record<GatewayCorsMode, string> = { configured: 'gateway.config.json', none: 'gateway.cors-off.config.json' };

/**
 * user-service (temp DATA_DIR, fresh SQLite file and keys) -> web (told a
 * reserved gateway port) -> gateway (the shipped config file from dist, with
 * WEB_ORIGIN = the web app's real origin and USER_SERVICE_URL = the
 * user-service this test started: the placeholders a user sets). If the
 * reserved port was taken meanwhile, web and gateway start again on a new one.
 */
export async function startSystem(options: SystemOptions = {}): Promise<RunningSystem> {
  const { cors = 'configured', https = false } = options;
  const dir = mkdtempSync(join(tmpdir(), 'corsway-e2e-'));
  const started: RunningApp[] = [];
  const cleanup = async () => {
    await Promise.all(started.map((app) => app.stop()));
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const certs = https ? await ensureDevCertificates(join(dir, 'certs')) : undefined;
    // Real-certificate variables (TLS_*_FILE) here; `HTTPS=true` alone is covered by libs/dev-certs' tests and `npm start -- --https`.
    const tls: Record<string, string> = certs ? { TLS_CERT_FILE: certs.certFile, TLS_KEY_FILE: certs.keyFile, NODE_EXTRA_CA_CERTS: certs.caCertFile } : {};
    const scheme = https ? 'https' : 'http';
    const userService = await startApp('user-service', { DATA_DIR: join(dir, 'data'), ...tls });
    started.push(userService);
    for (let attempt = 1; ; attempt++) {
      const gatewayPort = await reserveFreePort();
      const web = await startApp('web', { GATEWAY_BASE_URL: `${scheme}://127.0.0.1:${gatewayPort}`, ...tls });
      started.push(web);
      try {
        const gateway = await startApp('gateway', {
          PORT: String(gatewayPort),
          GATEWAY_CONFIG: join(workspaceRoot, 'dist', 'apps', 'gateway', 'assets', CONFIG_FILES[cors]),
          WEB_ORIGIN: web.url,
          USER_SERVICE_URL: userService.url,
          ...tls,
        });
        started.push(gateway);
        return {
          userService,
          gateway,
          web,
          caCertFile: certs?.caCertFile,
          output: () => started.map((app) => `--- ${app.name}\n${app.output()}`).join('\n'),
          stop: cleanup,
        };
      } catch (error) {
        await web.stop();
        started.pop();
        if (attempt >= 3 || !/EADDRINUSE/.test(String(error))) throw error;
      }
    }
  } catch (error) {
    await cleanup();
    throw error;
  }
}
