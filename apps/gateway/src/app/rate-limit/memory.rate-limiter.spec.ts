import { MemoryRateLimiter } from './memory.rate-limiter';

describe('MemoryRateLimiter (fixed window, injectable clock)', () => {
  // Request times (ms) and whether each is allowed, for a limit of 2 per 1000 ms window.
  it.each([
    [[0, 0, 0], [true, true, false]],
    [[0, 999, 1000], [true, true, true]], // a new window starts at 1000
    [[0, 500, 999, 1000, 1001, 1002], [true, true, false, true, true, false]],
  ])('hits at %j -> allowed %j', async (times, allowed) => {
    let now = 0;
    const limiter = new MemoryRateLimiter(() => now);
    const results = [];
    for (const t of times) {
      now = t;
      results.push((await limiter.hit('k', 2, 1000)).allowed);
    }
    expect(results).toEqual(allowed);
  });

  it('reports remaining and the time to reset (drives Retry-After)', async () => {
    let now = 10_000;
    const limiter = new MemoryRateLimiter(() => now);
    expect(await limiter.hit('k', 2, 60_000)).toEqual({ allowed: true, remaining: 1, resetMs: 60_000 });
    now += 15_000;
    expect(await limiter.hit('k', 2, 60_000)).toEqual({ allowed: true, remaining: 0, resetMs: 45_000 });
    expect(await limiter.hit('k', 2, 60_000)).toEqual({ allowed: false, remaining: 0, resetMs: 45_000 });
  });

  it('keeps keys apart', async () => {
    const limiter = new MemoryRateLimiter(() => 0);
    await limiter.hit('a', 1, 1000);
    expect((await limiter.hit('a', 1, 1000)).allowed).toBe(false);
    expect((await limiter.hit('b', 1, 1000)).allowed).toBe(true);
  });
});
