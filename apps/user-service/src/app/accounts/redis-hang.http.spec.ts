import { eventually, TestRedisServer } from '@corsway/testing';
import { PASSWORD, login, registerAccount } from '../../test/fixtures';
import { startTestApp, type TestApp } from '../../test/test-app';

// A Redis of this suite's own (TestRedisServer, never the shared 6379 one),
// paused with SIGSTOP: its connection stays open and nothing answers, as on a
// network that drops packets. `afterAll` stops it whatever happened. A login
// makes four counter commands; asked of Redis first each time, every login
// waited 4 × the 1 s command timeout (4.0 s, measured) for as long as Redis hung.
describe('Redis hung under user-service', () => {
  let redis: TestRedisServer;
  let t: TestApp;

  beforeAll(async () => {
    redis = await TestRedisServer.start();
    t = await startTestApp('sqlite', {
      config: {
        redisUrl: redis.url,
        throttle: { ipLimit: 1000, accountLimit: 1000, windowSeconds: 60 },
        lockout: { maxFailures: 3, windowSeconds: 900, lockSeconds: 900 },
      },
    });
  });
  afterAll(async () => {
    await t?.close();
    await redis?.stop();
  });

  const timed = async (who: string, password: string) => {
    const started = performance.now();
    const { status } = await login(t.url, who, password);
    return { status, ms: performance.now() - started };
  };
  const logged = (text: string) => t.logs.some((l) => JSON.stringify(l).includes(text));

  it('only the login that finds out waits; the next ones are counted here at once, the lock still holds, and Redis counts again after', async () => {
    const acct = await registerAccount(t.url);
    expect((await timed(acct.UserName, PASSWORD)).status).toBe(200);
    redis.pause();
    try {
      const first = await timed(acct.UserName, PASSWORD);
      expect(first.status).toBe(200);
      expect(first.ms).toBeGreaterThanOrEqual(900); // one command timeout: how a hang shows
      const after = [];
      for (let i = 0; i < 3; i++) after.push(await timed(acct.UserName, 'Wrong-Password-1'));
      after.push(await timed(acct.UserName, PASSWORD));
      // Lockout in this instance's memory: the third failure locks, and the right password then gets 403 too.
      expect(after.map((r) => r.status)).toEqual([401, 401, 403, 403]);
      expect(after.map((r) => r.ms < 500)).toEqual([true, true, true, true]);
      expect(logged('Redis for lockout and throttles is unreachable')).toBe(true);
    } finally {
      redis.resume();
    }
    await eventually(() => logged('counters are shared again'), 'the probe to find Redis back', 3_000);
    // Shared again: Redis never saw the lock, which lived in this instance's memory.
    expect((await timed(acct.UserName, PASSWORD)).status).toBe(200);
  });
});
