import type { CounterStore, WindowCount } from './counter-store';

/**
 * Redis first; while Redis cannot answer, the per-instance memory store, so
 * throttles and lockout stay in force (per instance) instead of failing open
 * or refusing every login. The switch is logged once each way.
 */
export class FallbackCounterStore implements CounterStore {
  readonly kind = 'redis' as const;

  constructor(
    private readonly primary: CounterStore,
    private readonly fallback: CounterStore,
    private readonly onFallback: (error: Error) => void,
  ) {}

  hit(key: string, windowMs: number): Promise<WindowCount> {
    return this.run((s) => s.hit(key, windowMs));
  }

  fail(failKey: string, lockKey: string, windowMs: number, maxFailures: number, lockMs: number): Promise<number> {
    return this.run((s) => s.fail(failKey, lockKey, windowMs, maxFailures, lockMs));
  }

  ttl(key: string): Promise<number> {
    return this.run((s) => s.ttl(key));
  }

  delete(key: string): Promise<void> {
    return this.run((s) => s.delete(key));
  }

  async close(): Promise<void> {
    await Promise.all([this.primary.close(), this.fallback.close()]);
  }

  private async run<T>(op: (store: CounterStore) => Promise<T>): Promise<T> {
    try {
      return await op(this.primary);
    } catch (error) {
      this.onFallback(error as Error);
      return op(this.fallback);
    }
  }
}
