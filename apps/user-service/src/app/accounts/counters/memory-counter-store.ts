import type { Clock } from '../../config/config.tokens';
import type { CounterStore, WindowCount } from './counter-store';

const SWEEP_ABOVE = 10_000;
const SWEEP_EVERY_MS = 1_000;

interface Entry {
  count: number;
  expiresAt: number;
}

/**
 * Counters in this process (no `REDIS_URL`): right for the embedded default
 * of one instance; with several instances each counts alone (N instances
 * allow N times the limits), which start-up warns about.
 * Runs on the injected clock, so tests move time instead of sleeping.
 */
export class MemoryCounterStore implements CounterStore {
  readonly kind = 'memory' as const;
  private readonly entries = new Map<string, Entry>();
  private lastSweep = Number.NEGATIVE_INFINITY;

  constructor(private readonly clock: Clock) {}

  async hit(key: string, windowMs: number): Promise<WindowCount> {
    const now = this.now();
    const entry = this.live(key, now) ?? this.start(key, now + windowMs);
    entry.count++;
    return { count: entry.count, resetMs: entry.expiresAt - now };
  }

  async fail(failKey: string, lockKey: string, windowMs: number, maxFailures: number, lockMs: number): Promise<number> {
    const { count } = await this.hit(failKey, windowMs);
    if (count < maxFailures) return 0;
    this.entries.delete(failKey);
    this.start(lockKey, this.now() + lockMs);
    return lockMs;
  }

  async ttl(key: string): Promise<number> {
    const now = this.now();
    const entry = this.live(key, now);
    return entry ? entry.expiresAt - now : 0;
  }

  async delete(key: string): Promise<void> {
    this.entries.delete(key);
  }

  async close(): Promise<void> {
    this.entries.clear();
  }

  private live(key: string, now: number): Entry | undefined {
    const entry = this.entries.get(key);
    return entry && now < entry.expiresAt ? entry : undefined;
  }

  private start(key: string, expiresAt: number): Entry {
    this.sweep();
    const entry = { count: 0, expiresAt };
    this.entries.set(key, entry);
    return entry;
  }

  /** Entries held now, expired ones not yet swept included. */
  get size(): number {
    return this.entries.size;
  }

  // Bounded memory when an attacker sprays many distinct names or addresses: once the map is
  // large, expired entries are dropped, in one pass at most once a second. A pass on every new
  // entry made each login scan every live one: with 135,000 live entries (a spray of unknown
  // names within the lockout window) 3.3 ms of the event loop per login, and filling the map
  // quadratic.
  private sweep(): void {
    if (this.entries.size < SWEEP_ABOVE) return;
    const now = this.now();
    if (now - this.lastSweep < SWEEP_EVERY_MS) return;
    this.lastSweep = now;
    for (const [key, entry] of this.entries) if (now >= entry.expiresAt) this.entries.delete(key);
  }

  private now(): number {
    return this.clock().getTime();
  }
}
