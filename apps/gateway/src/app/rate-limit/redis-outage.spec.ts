import { eventually, send, TestRedisServer } from '@corsway/testing';
import { startGateway, type RunningGateway } from '../../testing/gateway-under-test.testing';
import { UpstreamServer } from '../../testing/upstream-server.testing';

// A Redis of this suite's own (TestRedisServer: a real redis-server on a free
// port, never the shared 6379 one), killed, paused and restarted under a
// running gateway; `afterAll` stops it whatever happened.
describe('rate limits while Redis is down or hung', () => {
  const upstream = new UpstreamServer('users');
  let redis: TestRedisServer;
  let gw: RunningGateway;
  const warnings: string[] = [];
  const infos: string[] = [];

  beforeAll(async () => {
    await upstream.start();
    redis = await TestRedisServer.start();
    const logger = (await import('pino')).default(
      { level: 'info' },
      { write: (line: string) => void (JSON.parse(line).level >= 40 ? warnings : infos).push(JSON.parse(line).msg) },
    );
    gw = await startGateway({
      logger,
      env: { REDIS_URL: redis.url },
      config: {
        routes: ['/login', '/signup'].map((path) => ({ upstream: path, downstream: path, service: 'users', methods: ['POST'], rateLimit: { limit: 2, windowSeconds: 60 } })),
        discovery: { services: { users: [upstream.url] } },
        proxy: { healthCheck: false },
      },
    });
  });
  afterAll(async () => {
    await gw?.close();
    await redis?.stop();
    await upstream.stop();
  });

  const login = async () => (await send(`${gw.url}/login`, { method: 'POST', body: '{}' })).status;
  const signup = async () => (await send(`${gw.url}/signup`, { method: 'POST', body: '{}' })).status;
  const timedSignup = async () => {
    const started = performance.now();
    const status = await signup();
    return { status, ms: performance.now() - started };
  };

  it('counts in Redis, falls back to this process when Redis dies (limits still apply, one warning), and shares again once it is back', async () => {
    expect([await login(), await login(), await login()]).toEqual([200, 200, 429]); // shared window in Redis
    await redis.kill();
    // The local window starts empty: the limit applies again from zero, not never.
    expect([await login(), await login(), await login(), await login()]).toEqual([200, 200, 429, 429]);
    expect(warnings.filter((m) => m.includes('counting limits in this gateway process'))).toHaveLength(1);
    await redis.restart();
    await eventually(async () => (await login()) === 200, 'Redis to count again (a fresh, empty Redis)');
    expect([await login(), await login()]).toEqual([200, 429]);
  });

  // A hung Redis answers nothing and refuses nothing: only the command timeout
  // (500 ms) tells. Asked first on every request, it added 0.5 s to each one for
  // as long as it hung.
  it('while Redis hangs, only the request that finds out waits; the rest are counted here at once, and Redis counts again after', async () => {
    expect([await signup(), await signup()]).toEqual([200, 200]); // the window is full in Redis
    warnings.length = 0;
    infos.length = 0;
    redis.pause();
    try {
      const first = await timedSignup();
      const next = [];
      for (let i = 0; i < 6; i++) next.push(await timedSignup());
      expect(first.ms).toBeGreaterThanOrEqual(400); // the command timeout: how a hang shows
      expect(next.map((r) => r.ms < 200)).toEqual(Array(6).fill(true));
      // Counted in this process from the hang on, from an empty window: 2 allowed, then 429 (the limit still applies).
      expect([first, ...next].map((r) => r.status)).toEqual([200, 200, 429, 429, 429, 429, 429]);
      expect(warnings.filter((m) => m.includes('counting limits in this gateway process'))).toHaveLength(1);
    } finally {
      redis.resume();
    }
    await eventually(() => infos.some((m) => m.includes('limits are shared again')), 'the probe to find Redis back', 3_000);
    // Back in Redis, where the window filled before the hang is still full.
    expect(await signup()).toBe(429);
  });
});
