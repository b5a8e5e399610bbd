/** Thrown at once when the queue of a {@link ConcurrencyLimit} is full. */
export class QueueFullError extends Error {
  constructor(readonly queued: number) {
    super(`${queued} tasks are already waiting`);
    this.name = 'QueueFullError';
  }
}

/**
 * A counting semaphore: at most `limit` tasks run at once, at most
 * `maxQueue` more wait in FIFO order, and past that `run` refuses at once
 * (QueueFullError). Keeps argon2 from taking every core, and a flood of
 * logins from making every caller wait seconds behind it.
 *
 * Waiters are served round-robin over their keys (a client address), FIFO
 * within one key, and one key may hold at most `perKey` places, running or
 * waiting: a flooding client fills its own share and is refused, and anyone
 * else waits for at most one task per other waiting client, not for the flood.
 */
export class ConcurrencyLimit {
  private running = 0;
  private waitingCount = 0;
  /** Waiters per key, and the keys that have waiters in round-robin order. */
  private readonly waiting = new Map<string, Array<() => void>>();
  private readonly turns: string[] = [];
  private readonly held = new Map<string, number>();

  constructor(
    readonly limit: number,
    readonly maxQueue = Number.POSITIVE_INFINITY,
    readonly perKey = Number.POSITIVE_INFINITY,
  ) {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`limit must be a positive integer, got ${limit}`);
    for (const [name, value, min] of [
      ['maxQueue', maxQueue, 0],
      ['perKey', perKey, 1],
    ] as const)
      if (value !== Number.POSITIVE_INFINITY && (!Number.isInteger(value) || value < min))
        throw new RangeError(`${name} must be an integer of at least ${min}, got ${value}`);
  }

  /** Tasks waiting for a slot now. */
  get queued(): number {
    return this.waitingCount;
  }

  async run<T>(task: () => Promise<T>, key?: string): Promise<T> {
    const heldByKey = key === undefined ? 0 : (this.held.get(key) ?? 0);
    if (heldByKey >= this.perKey) throw new QueueFullError(this.waitingCount);
    if (this.running >= this.limit && this.waitingCount >= this.maxQueue) throw new QueueFullError(this.waitingCount);
    if (key !== undefined) this.held.set(key, heldByKey + 1);
    try {
      if (this.running >= this.limit) await new Promise<void>((resolve) => this.enqueue(key ?? '', resolve));
      else this.running++;
      try {
        return await task();
      } finally {
        // Hand the slot straight to the next waiter (running stays the same), or free it.
        const next = this.dequeue();
        if (next) next();
        else this.running--;
      }
    } finally {
      if (key !== undefined) {
        const left = (this.held.get(key) ?? 1) - 1;
        if (left) this.held.set(key, left);
        else this.held.delete(key);
      }
    }
  }

  private enqueue(key: string, resolve: () => void): void {
    let queue = this.waiting.get(key);
    if (!queue) {
      queue = [];
      this.waiting.set(key, queue);
      this.turns.push(key);
    }
    queue.push(resolve);
    this.waitingCount++;
  }

  private dequeue(): (() => void) | undefined {
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
