/**
 * A fixed-window counter per key, in memory. Small on purpose: user-service
 * runs one process per instance, and the gateway enforces the shared
 * (Redis-backed) limits in front of it.
 */
export class RateWindow {
  private readonly hits = new Map<string, { count: number; resetAt: number }>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
  ) {}

  /** Counts one hit; returns 0 when allowed, else the seconds until the window resets. */
  hit(key: string, now: number): number {
    this.sweep(now);
    let entry = this.hits.get(key);
    if (!entry || now >= entry.resetAt) {
      entry = { count: 0, resetAt: now + this.windowMs };
      this.hits.set(key, entry);
    }
    entry.count++;
    return entry.count > this.limit ? Math.max(1, Math.ceil((entry.resetAt - now) / 1000)) : 0;
  }

  private sweep(now: number): void {
    // Bounded memory under a flood of distinct keys: drop expired windows once the map grows.
    if (this.hits.size < 10_000) return;
    for (const [key, entry] of this.hits) if (now >= entry.resetAt) this.hits.delete(key);
  }
}
