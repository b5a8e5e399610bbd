/** Outcome of counting one request against a fixed window. */
export interface RateLimitResult {
  readonly allowed: boolean;
  readonly remaining: number;
  /** Milliseconds until the window resets (drives Retry-After). */
  readonly resetMs: number;
}

/**
 * Fixed-window counter keyed by route and client IP. Implementations: in
 * memory (one gateway) and Redis (several gateways share counts).
 */
export interface RateLimiter {
  /** Waits (bounded) for a shared store to connect at start-up; in-memory limiters are ready at once. */
  start?(): Promise<void>;
  hit(key: string, limit: number, windowMs: number): Promise<RateLimitResult>;
  close(): Promise<void>;
}
