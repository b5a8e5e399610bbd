import { ConcurrencyLimit, QueueFullError } from './concurrency-limit';

describe('ConcurrencyLimit', () => {
  it.each([1, 2, 3])('never runs more than %i tasks at once and runs them all in order of arrival', async (limit) => {
    const gate = new ConcurrencyLimit(limit);
    let active = 0;
    let peak = 0;
    const started: number[] = [];
    const release: Array<() => void> = [];
    const tasks = Array.from({ length: 8 }, (_, i) =>
      gate.run(async () => {
        started.push(i);
        active++;
        peak = Math.max(peak, active);
        await new Promise<void>((r) => release.push(r));
        active--;
        return i * 10;
      }),
    );
    while (started.length < 8) {
      await new Promise((r) => setImmediate(r));
      expect(active).toBeLessThanOrEqual(limit);
      release.shift()?.();
    }
    release.forEach((r) => r());
    expect(await Promise.all(tasks)).toEqual([0, 10, 20, 30, 40, 50, 60, 70]);
    expect(peak).toBe(limit);
    expect(started).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });

  it('frees the slot when a task throws', async () => {
    const gate = new ConcurrencyLimit(1);
    await expect(gate.run(async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await gate.run(async () => 'next')).toBe('next');
  });

  it.each([0, -1, 1.5, Number.NaN])('refuses a limit of %p', (limit) => {
    expect(() => new ConcurrencyLimit(limit)).toThrow(RangeError);
  });
});

describe('ConcurrencyLimit with a bounded queue', () => {
  it('refuses at once past the bound, and accepts again once the queue drains', async () => {
    const gate = new ConcurrencyLimit(1, 2);
    const release: Array<() => void> = [];
    const hold = () => gate.run(() => new Promise<void>((r) => release.push(r)));
    const running = [hold(), hold(), hold()]; // 1 running + 2 queued
    await new Promise((r) => setImmediate(r));
    expect(gate.queued).toBe(2);
    const started = Date.now();
    await expect(hold()).rejects.toBeInstanceOf(QueueFullError);
    expect(Date.now() - started).toBeLessThan(50);
    while (release.length || gate.queued) {
      release.shift()?.();
      await new Promise((r) => setImmediate(r));
    }
    await Promise.all(running);
    expect(await gate.run(async () => 'again')).toBe('again');
  });

  it('a full queue makes room for another key by refusing the newest waiter of the biggest key', async () => {
    const gate = new ConcurrencyLimit(1, 3);
    const release: Array<() => void> = [];
    const hold = (key: string) => gate.run(() => new Promise<void>((r) => release.push(r)), key);
    const flood = [hold('a'), hold('a'), hold('a'), hold('a')]; // 1 running + 3 waiting: full
    await new Promise((r) => setImmediate(r));
    const other = hold('b'); // takes the newest place of 'a'
    await expect(flood[3]).rejects.toBeInstanceOf(QueueFullError);
    await expect(hold('a')).rejects.toBeInstanceOf(QueueFullError); // 'a' cannot take its place back from 'b'
    expect(gate.queued).toBe(3);
    while (release.length || gate.queued) {
      release.shift()?.();
      await new Promise((r) => setImmediate(r));
    }
    await Promise.all([flood[0], flood[1], flood[2], other]);
    expect(await gate.run(async () => 'again', 'a')).toBe('again');
  });

  it('serves waiting keys round-robin: a late key waits for one task of each other key, not for all of them', async () => {
    const gate = new ConcurrencyLimit(1);
    const order: string[] = [];
    const release: Array<() => void> = [];
    const hold = (key: string, tag: string) =>
      gate.run(async () => {
        order.push(tag);
        await new Promise<void>((r) => release.push(r));
      }, key);
    const tasks = [
      hold('flood', 'f0'),
      hold('flood', 'f1'),
      hold('flood', 'f2'),
      hold('flood', 'f3'),
      hold('user', 'u0'),
    ];
    while (order.length < 5) {
      await new Promise((r) => setImmediate(r));
      release.shift()?.();
    }
    release.forEach((r) => r());
    await Promise.all(tasks);
    expect(order).toEqual(['f0', 'f1', 'u0', 'f2', 'f3']);
  });

  it.each([-1, 1.5])('refuses a maxQueue of %p', (maxQueue) => {
    expect(() => new ConcurrencyLimit(1, maxQueue)).toThrow(RangeError);
  });
});
