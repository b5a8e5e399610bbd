import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type RunningApp, startApp } from '@corsway/testing';
import { reserveFreePort } from './free-port';
import { type GatewayCorsMode, gatewayConfigFor } from './gateway-config';

/** The three built apps, wired to each other on free ports. */
export interface RunningSystem {
  readonly userService: RunningApp;
  readonly gateway: RunningApp;
  readonly web: RunningApp;
  /** Everything all three printed, for failure messages. */
  output(): string;
  stop(): Promise<void>;
}

/**
 * user-service (temp DATA_DIR, fresh SQLite file and keys) -> web (told a
 * reserved gateway port) -> gateway (a generated GATEWAY_CONFIG whose
 * policies name the web app's real origin, discovery pointing at the
 * user-service). If the reserved port was taken meanwhile, web and gateway
 * are started again on a new one.
 */
export async function startSystem(cors: GatewayCorsMode = 'configured'): Promise<RunningSystem> {
  const dir = mkdtempSync(join(tmpdir(), 'corsway-e2e-'));
  const started: RunningApp[] = [];
  const cleanup = async () => {
    await Promise.all(started.map((app) => app.stop()));
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const userService = await startApp('user-service', { DATA_DIR: join(dir, 'data') });
    started.push(userService);
    for (let attempt = 1; ; attempt++) {
      const gatewayPort = await reserveFreePort();
      const gatewayUrl = `http://127.0.0.1:${gatewayPort}`;
      const web = await startApp('web', { GATEWAY_BASE_URL: gatewayUrl });
      started.push(web);
      const configFile = join(dir, `gateway.${attempt}.json`);
      const config = gatewayConfigFor({ webOrigin: web.url, userServiceUrl: userService.url, cors });
      writeFileSync(configFile, JSON.stringify(config, null, 2));
      try {
        const gateway = await startApp('gateway', { PORT: String(gatewayPort), GATEWAY_CONFIG: configFile });
        started.push(gateway);
        return {
          userService,
          gateway,
          web,
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
