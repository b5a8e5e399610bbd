// Our built apps as contenders: build them when needed (Nx, cached), write the
// bench gateway config, and start them with the team's env contract.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ORIGIN, ROOT, STRICT_MVC_POLICY } from './shared.mjs';
import { startServer } from './proc.mjs';

export const APP_MAIN = {
  gateway: join(ROOT, 'dist', 'apps', 'gateway', 'main.js'),
  'user-service': join(ROOT, 'dist', 'apps', 'user-service', 'main.js'),
};
export const PROBE = join(ROOT, 'bench', 'preload', 'probe.cjs');

/**
 * Copies the built apps to tmp/bench/run-<pid>/apps/ and points APP_MAIN there:
 * other engineers rebuild dist/ while a 10-minute run is going, and every
 * gateway this run starts must be the same build. The copy stays under the
 * repo so the bundle still resolves node_modules.
 */
export function snapshotApps(apps) {
  const dir = join(ROOT, 'tmp', 'bench', `run-${process.pid}`);
  for (const app of apps) {
    const from = dirname(APP_MAIN[app]);
    if (!existsSync(APP_MAIN[app])) continue;
    const to = join(dir, 'apps', app);
    mkdirSync(to, { recursive: true });
    cpSync(from, to, { recursive: true });
    APP_MAIN[app] = join(to, 'main.js');
  }
  return () => rmSync(dir, { recursive: true, force: true });
}

/**
 * `nx build <app>` unless the bundle exists and `always` is false. A failed
 * build with an existing bundle is a warning (the last good build is used);
 * without a bundle it is an error naming the command to run.
 */
export function ensureBuilt(app, { always, log }) {
  const main = APP_MAIN[app];
  if (!always && existsSync(main)) return { main, built: false };
  log(`building ${app} (nx build ${app})...`);
  const r = spawnSync('npx', ['nx', 'build', app], {
    cwd: ROOT,
    env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false', FORCE_COLOR: '0' },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (r.status !== 0) {
    if (existsSync(main)) {
      log(`WARNING: nx build ${app} failed; benchmarking the existing ${main}`);
      return { main, built: false, buildFailed: true };
    }
    throw new Error(`nx build ${app} failed and there is no ${main}:\n${(r.stdout + r.stderr).slice(-3000)}`);
  }
  return { main, built: true };
}

/**
 * The bench gateway config (apps/gateway/README.md format): the product's
 * three policies, `/users/user/login` on StrictMvc (the preflight under
 * test), `/users/user/me` proxied to the bench upstream with `auth: false`
 * (CORS on, request id, X-Forwarded-*, a request and a response header
 * transform, access logs at info; no token to verify), `/ws/echo` as a
 * WebSocket route to the echo service, no rate limits.
 */
export function writeGatewayConfig(path, { upstreamUrl, websocketUrl, metrics = true }) {
  const config = {
    cors: {
      defaultPolicy: 'AllowAll',
      policies: {
        AllowAll: { origins: ['*'], headers: ['*'], methods: ['*'] },
        StrictMvc: { ...STRICT_MVC_POLICY },
        MixedPolicy: {
          origins: [ORIGIN],
          headers: ['*'],
          methods: ['*'],
          credentials: true,
          exposedHeaders: ['X-Request-Id'],
          maxAgeSeconds: 600,
        },
      },
    },
    routes: [
      {
        upstream: '/users/user/login',
        service: 'user-service',
        downstream: '/user/login',
        methods: ['POST'],
        cors: 'StrictMvc',
        auth: false,
      },
      {
        upstream: '/users/user/me',
        service: 'bench-upstream',
        downstream: '/user/me',
        methods: ['GET'],
        cors: 'MixedPolicy',
        auth: false,
        transforms: {
          requestHeaders: { set: { 'X-Gateway': 'corsway' } },
          responseHeaders: { set: { 'X-Content-Type-Options': 'nosniff' } },
        },
      },
      {
        upstream: '/ws/echo',
        service: 'ws-echo',
        downstream: '/',
        methods: ['GET'],
        cors: 'MixedPolicy',
        websocket: true,
      },
      {
        upstream: '/users/{everything}',
        service: 'user-service',
        downstream: '/{everything}',
        methods: ['GET', 'POST'],
        cors: 'StrictMvc',
        auth: false,
      },
    ],
    discovery: {
      provider: 'static',
      services: {
        // Nothing listens here: the preflight never leaves the gateway.
        'user-service': ['http://127.0.0.1:9'],
        'bench-upstream': [upstreamUrl ?? 'http://127.0.0.1:9'],
        'ws-echo': [websocketUrl ?? 'http://127.0.0.1:9'],
      },
    },
    metrics: { enabled: metrics },
    // The websocket suite holds 1,000 tunnels from one load generator, one client address:
    // the per-client cap (32 by default) would refuse all but the first few.
    clients: { maxWebSockets: 2000 },
  };
  writeFileSync(path, JSON.stringify(config, null, 2));
  return config;
}

export function startGateway({ name = 'gateway', configPath, workDir, probeEnv, cpu }) {
  return startServer({
    name,
    args: [...(probeEnv ? ['--require', PROBE] : []), ...(probeEnv?.BENCH_MEM_OUT ? ['--expose-gc'] : []), APP_MAIN.gateway],
    env: { PORT: '0', HOST: '127.0.0.1', GATEWAY_CONFIG: configPath, LOG_LEVEL: 'info', NODE_ENV: 'production', ...probeEnv },
    workDir,
    cwd: workDir,
    cpu,
  });
}
