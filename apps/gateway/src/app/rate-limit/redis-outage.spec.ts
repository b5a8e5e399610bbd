import { type ChildProcess, spawn } from 'node:child_process';
import { startGateway, type RunningGateway } from '../../testing/gateway-under-test.testing';
import { eventually, send } from '@corsway/testing';
import { closedPortUrl, UpstreamServer } from '../../testing/upstream-server.testing';

/**
 * A Redis of this test's own (a real redis-server on a free port, never the
 * shared 6379 one), killed and restarted under a running gateway.
 */
function startRedis(port: number): Promise<ChildProcess> {
  const child = spawn('redis-server', ['--port', String(port), '--save', '', '--appendonly', 'no'], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (c: Buffer) => {
      if (c.toString().includes('Ready to accept connections')) resolve(child);
    });
    child.once('exit', (code) => reject(new Error(`redis-server exited (${code})`)));
  });
}

async function stopRedis(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGKILL');
  await exited;
}

describe('rate limits while Redis is down', () => {
  const upstream = new UpstreamServer('users');
  let port: number;
  let redis: ChildProcess | undefined;
  let gw: RunningGateway;
  const warnings: string[] = [];

  beforeAll(async () => {
    await upstream.start();
    port = Number(new URL(await closedPortUrl()).port);
    redis = await startRedis(port);
    const logger = (await import('pino')).default(
      { level: 'info' },
      { write: (line: string) => void (JSON.parse(line).level >= 40 && warnings.push(JSON.parse(line).msg)) },
    );
    gw = await startGateway({
      logger,
      env: { REDIS_URL: `redis://127.0.0.1:${port}` },
      config: {
        routes: [{ upstream: '/login', downstream: '/login', service: 'users', methods: ['POST'], rateLimit: { limit: 2, windowSeconds: 60 } }],
        discovery: { services: { users: [upstream.url] } },
        proxy: { healthCheck: false },
      },
    });
  });
  afterAll(async () => {
    await gw?.close();
    await stopRedis(redis);
    await upstream.stop();
  });

  const login = async () => (await send(`${gw.url}/login`, { method: 'POST', body: '{}' })).status;

  it('counts in Redis, falls back to this process when Redis dies (limits still apply, one warning), and shares again once it is back', async () => {
    expect([await login(), await login(), await login()]).toEqual([200, 200, 429]); // shared window in Redis
    await stopRedis(redis);
    // The local window starts empty: the limit applies again from zero, not never.
    expect([await login(), await login(), await login(), await login()]).toEqual([200, 200, 429, 429]);
    expect(warnings.filter((m) => m.includes('counting limits in this gateway process'))).toHaveLength(1);
    redis = await startRedis(port);
    await eventually(async () => (await login()) === 200, 'Redis to count again (a fresh, empty Redis)');
    expect([await login(), await login()]).toEqual([200, 429]);
  });
});
