import { RedisFallbackSwitch } from '@corsway/redis-window';
import type { CounterStore, WindowCount } from './counter-store';
import type { RedisCounterStore } from './redis-counter-store';

/**
 * Redis first; while Redis cannot answer, the per-instance memory store, so
 * throttles and lockout stay in force (per instance) instead of failing open
 * or refusing every login. While in memory no login waits for Redis: a
 * background probe decides when it is back (RedisFallbackSwitch,
 * libs/redis-window). `onChange` is told each switch, once each way.
 */
export class FallbackCounterStore implements CounterStore {
  readonly kind = 'redis' as const;
  private readonly switch: RedisFallbackSwitch;

  constructor(
    private readonly primary: RedisCounterStore,
    private readonly fallback: CounterStore,
    onChange: (fallingBack: boolean, error?: unknown) => void,
  ) {
    this.switch = new RedisFallbackSwitch(() => primary.ping(), onChange);
  }

  /** Counts in memory from now until Redis answers a probe (Redis not there at start-up). */
  countLocally(error: Error): void {
    this.switch.engage(error);
  }

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
    this.switch.close();
    await Promise.all([this.primary.close(), this.fallback.close()]);
  }

  private async run<T>(op: (store: CounterStore) => Promise<T>): Promise<T> {
    if (!this.switch.fallingBack) {
      try {
        return await op(this.primary);
      } catch (error) {
        this.switch.engage(error);
      }
    }
    return op(this.fallback);
  }
}
