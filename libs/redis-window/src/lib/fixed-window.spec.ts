import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import { hitFixedWindow } from './fixed-window';

// The shared Redis of the test machine (127.0.0.1:6379), keys under a prefix of this run.
describe('hitFixedWindow (real Redis)', () => {
  const prefix = `corsway:test:window:${randomUUID()}:`;
  const a = new Redis('redis://127.0.0.1:6379');
  const b = new Redis('redis://127.0.0.1:6379');
  afterAll(async () => {
    const keys = await a.keys(`${prefix}*`);
    if (keys.length) await a.del(...keys);
    await Promise.all([a.quit(), b.quit()]);
  });

  it('two clients count one window together, atomically, and the window expires', async () => {
    const key = `${prefix}shared`;
    const hits = await Promise.all(Array.from({ length: 20 }, (_, i) => hitFixedWindow(i % 2 ? a : b, key, 60_000)));
    expect(hits.map((h) => h.count).sort((x, y) => x - y)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    for (const h of hits) {
      expect(h.resetMs).toBeGreaterThan(0);
      expect(h.resetMs).toBeLessThanOrEqual(60_000);
    }
  });

  it('a key left without an expiry gets one', async () => {
    const key = `${prefix}stale`;
    await a.set(key, '5');
    const hit = await hitFixedWindow(a, key, 1_000);
    expect(hit).toEqual({ count: 6, resetMs: 1_000 });
    expect(await a.pttl(key)).toBeGreaterThan(0);
  });

  it('a new window starts after the old one expired', async () => {
    const key = `${prefix}short`;
    await hitFixedWindow(a, key, 50);
    await new Promise((r) => setTimeout(r, 80));
    expect((await hitFixedWindow(a, key, 50)).count).toBe(1);
  });
});
