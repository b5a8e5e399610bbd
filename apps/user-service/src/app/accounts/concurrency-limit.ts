/** Thrown at once when the queue of a {@link ConcurrencyLimit} is full (or a waiter lost its place). */
export class QueueFullError extends Error {
  constructor(readonly queued: number) {
    super(`${queued} tasks are already waiting`);
    this.name = 'QueueFullError';
  }
}

interface Waiter {
  resolve(): void;
  reject(error: Error): void;
}

/**
 * A counting semaphore that is fair between callers: at most `limit` tasks
 * run at once, at most `maxQueue` more wait, and past that `run` refuses at
 * once (QueueFullError). Keeps argon2 from taking every core, and a flood of
 * logins from making every caller wait seconds behind it.
 *
 * Waiters are grouped by key (a client address) and served round-robin over
 * the keys, FIFO within one key: a caller waits for at most one task per
 * other waiting client, not for a flood. When the queue is full, a caller
 * from a key with fewer waiters than the biggest takes the newest place of
 * that biggest key (which is refused instead), so one flooding client can
 * never fill the queue against everyone else.
 */
export class ConcurrencyLimit {
  private running = 0;
  private waitingCount = 0;
  /** Waiters per key, and the keys that have waiters, in round-robin order. */
  private readonly waiting = new Map<string, Waiter[]>();
  private readonly turns: string[] = [];

  constructor(
    readonly limit: number,
    readonly maxQueue = Number.POSITIVE_INFINITY,
  ) {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`limit must be a positive integer, got ${limit}`);
    if (maxQueue !== Number.POSITIVE_INFINITY && (!Number.isInteger(maxQueue) || maxQueue < 0))
      throw new RangeError(`maxQueue must be a non-negative integer, got ${maxQueue}`);
  }

  /** Tasks waiting for a slot now. */
  get queued(): number {
    return this.waitingCount;
  }

  async run<T>(task: () => Promise<T>, key = ''): Promise<T> {
    if (this.running >= this.limit) await this.wait(key);
    else this.running++;
    try {
      return await task();
    } finally {
      // Hand the slot straight to the next waiter (running stays the same), or free it.
      const next = this.dequeue();
      if (next) next.resolve();
      else this.running--;
    }
  }

  private wait(key: string): Promise<void> {
    if (this.waitingCount >= this.maxQueue && !this.evictFor(key)) throw new QueueFullError(this.waitingCount);
    return new Promise<void>((resolve, reject) => {
      let queue = this.waiting.get(key);
      if (!queue) {
        queue = [];
        this.waiting.set(key, queue);
        this.turns.push(key);
      }
      queue.push({ resolve, reject });
      this.waitingCount++;
    });
  }

  /** Refuses the newest waiter of the key with the most waiters, if it has more than `key`. */
  private evictFor(key: string): boolean {
    const mine = this.waiting.get(key)?.length ?? 0;
    let biggest: string | undefined;
    let most = mine + 1; // only a key with at least two more than us gives up a place
    for (const [k, q] of this.waiting)
      if (q.length > most) {
        biggest = k;
        most = q.length;
      }
    if (biggest === undefined || this.maxQueue === 0) return false;
    const queue = this.waiting.get(biggest) ?? [];
    queue.pop()?.reject(new QueueFullError(this.waitingCount));
    this.waitingCount--;
    return true;
  }

  private dequeue(): Waiter | undefined {
    const key = this.turns.shift();
    if (key === undefined) return undefined;
    const queue = this.waiting.get(key) ?? [];
    const next = queue.shift();
    if (queue.length) this.turns.push(key);
    else this.waiting.delete(key);
    this.waitingCount--;
    return next;
  }
}
