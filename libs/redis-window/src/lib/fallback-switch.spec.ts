import { eventually, TestRedisServer } from '@corsway/testing';
import Redis from 'ioredis';
import { RedisFallbackSwitch } from './fallback-switch';

// A Redis of this suite's own (never the shared 6379 one), paused with SIGSTOP
// (hung: nothing answers, nothing is refused) and resumed; `afterAll` stops it.
describe('RedisFallbackSwitch (real Redis)', () => {
  let server: TestRedisServer;
  let redis: Redis;

  beforeAll(async () => {
    server = await TestRedisServer.start();
    redis = new Redis(server.url, { maxRetriesPerRequest: 1, commandTimeout: 400, enableOfflineQueue: false, lazyConnect: true });
    await redis.connect();
  });
  afterAll(async () => {
    redis?.disconnect();
    await server?.stop();
  });

  it('stays in memory while Redis hangs, one probe at a time, and switches back once it answers, telling each switch once', async () => {
    const changes: boolean[] = [];
    let probes = 0;
    const fallback = new RedisFallbackSwitch(
      () => {
        probes++;
        return redis.ping();
      },
      (fallingBack) => changes.push(fallingBack),
      50,
    );
    server.pause();
    try {
      fallback.engage(new Error('command timed out'));
      fallback.engage(new Error('and again'));
      expect(fallback.fallingBack).toBe(true);
      await new Promise((r) => setTimeout(r, 1_000));
      expect(fallback.fallingBack).toBe(true);
      // Every 50 ms a tick, but a probe waits out its 400 ms timeout before the next starts.
      expect(probes).toBeLessThanOrEqual(3);
    } finally {
      server.resume();
    }
    await eventually(() => !fallback.fallingBack, 'the switch back', 2_000);
    expect(changes).toEqual([true, false]);
    const after = probes;
    await new Promise((r) => setTimeout(r, 200));
    expect(probes).toBe(after); // no probing once back
    fallback.close();
  });
});
