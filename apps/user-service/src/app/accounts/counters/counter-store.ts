/**
 * Where throttle windows, failure counts and locks live. One implementation
 * per process memory (the embedded default) and one in Redis (`REDIS_URL`),
 * so N instances count together and a restart forgets nothing.
 * Every operation is one atomic step on the store: two instances updating
 * the same key at once can never both start (or both miss) a window or a lock.
 */
export interface CounterStore {
  readonly kind: 'memory' | 'redis';
  /** +1 in `key`'s fixed window (the first hit starts it). Returns the count and the ms until it resets. */
  hit(key: string, windowMs: number): Promise<WindowCount>;
  /**
   * One failed attempt: +1 in `failKey`'s window; the hit that reaches `maxFailures`
   * sets `lockKey` for `lockMs` and clears the count. Returns the lock's ms, or 0.
   */
  fail(failKey: string, lockKey: string, windowMs: number, maxFailures: number, lockMs: number): Promise<number>;
  /** Milliseconds `key` still lives, 0 when absent. */
  ttl(key: string): Promise<number>;
  delete(key: string): Promise<void>;
  close(): Promise<void>;
}

export interface WindowCount {
  count: number;
  resetMs: number;
}

export const COUNTER_STORE = Symbol('COUNTER_STORE');
