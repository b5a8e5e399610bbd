import { TestClock } from '../../../test/test-clock';
import { MemoryCounterStore } from './memory-counter-store';

describe('MemoryCounterStore memory bound', () => {
  it('drops expired entries once the map is large, in one pass at most once a second', async () => {
    const clock = new TestClock();
    const store = new MemoryCounterStore(clock.now);
    for (let i = 0; i < 10_000; i++) await store.hit(`acct:name:u${i}`, 60_000);
    expect(store.size).toBe(10_000);

    clock.advance(61); // every window above has expired
    await store.hit('acct:name:first-after', 60_000);
    expect(store.size).toBe(1); // swept: the expired 10,000 are gone

    for (let i = 0; i < 10_000; i++) await store.hit(`acct:name:v${i}`, 100);
    clock.advance(0.5); // the 100 ms windows have expired, but within the second of the last pass
    await store.hit('acct:name:within-the-second', 60_000);
    expect(store.size).toBe(10_002); // not swept again yet: a pass per new entry made every login scan them all
    clock.advance(0.6); // past that second
    await store.hit('acct:name:next-second', 60_000);
    expect(store.size).toBe(3);
  });

  it('keeps live entries: a lock outlives the sweep', async () => {
    const clock = new TestClock();
    const store = new MemoryCounterStore(clock.now);
    expect(await store.fail('fail:user:1|ip', 'lock:user:1|ip', 900_000, 1, 900_000)).toBe(900_000);
    for (let i = 0; i < 10_000; i++) await store.hit(`acct:name:u${i}`, 1_000);
    clock.advance(2);
    await store.hit('acct:name:after', 60_000);
    expect(await store.ttl('lock:user:1|ip')).toBe(898_000);
  });
});
