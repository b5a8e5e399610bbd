import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type RunningApp, startApp } from '@corsway/testing';
import { type GatewayConfigOptions, gatewayConfig, writeGatewayConfig } from './gateway-config';

/**
 * user-service limits raised far above what the load tests send: these suites
 * measure the service under load, not its throttle or its hash-queue bound
 * (which have their own tests in apps/user-service and
 * specs/user-service-instances.spec.ts). Lockout stays at its default.
 */
export const UNTHROTTLED: Record<string, string> = {
  THROTTLE_IP_LIMIT: '1000000',
  THROTTLE_ACCOUNT_LIMIT: '1000000',
  HASH_QUEUE_LIMIT: '1000000',
};

/** Starts a built user-service with a fresh DATA_DIR (SQLite unless `env.DATABASE_URL` says otherwise). */
export async function startUserService(env: Record<string, string> = {}): Promise<RunningApp & { dataDir: string }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'corsway-rel-us-'));
  const app = await startApp('user-service', { DATA_DIR: dataDir, ...UNTHROTTLED, ...env });
  const stop = app.stop;
  return {
    ...app,
    dataDir,
    stop: async () => {
      await stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Starts a built gateway on a generated config (see {@link gatewayConfig}). */
export async function startGateway(options: GatewayConfigOptions, env: Record<string, string> = {}): Promise<RunningApp> {
  const path = writeGatewayConfig(gatewayConfig(options));
  return startApp('gateway', { GATEWAY_CONFIG: path, ...env });
}

/** Stops every app given, ignoring the ones that never started. */
export async function stopAll(...apps: (RunningApp | undefined)[]): Promise<void> {
  await Promise.all(apps.map((app) => app?.stop()));
}

/** user-service (fresh SQLite) behind a gateway that routes to it: the system most suites need. */
export interface Stack {
  readonly userService: RunningApp & { dataDir: string };
  readonly gateway: RunningApp;
  stop(): Promise<void>;
}

export async function startStack(userServiceEnv: Record<string, string> = {}, gateway: Omit<GatewayConfigOptions, 'services'> = {}): Promise<Stack> {
  const userService = await startUserService(userServiceEnv);
  try {
    const gw = await startGateway({ ...gateway, services: { 'user-service': [userService.url] } });
    return { userService, gateway: gw, stop: () => stopAll(gw, userService) };
  } catch (error) {
    await userService.stop();
    throw error;
  }
}

/** Starts a {@link Stack} before the suite's tests and stops it after; read it through the getter. */
export function useStack(userServiceEnv: Record<string, string> = {}): () => Stack {
  let stack: Stack | undefined;
  beforeAll(async () => {
    stack = await startStack(userServiceEnv);
  });
  afterAll(() => stack?.stop());
  return () => {
    if (!stack) throw new Error('the stack did not start (see beforeAll)');
    return stack;
  };
}
