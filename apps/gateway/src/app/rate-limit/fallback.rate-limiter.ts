import { RedisFallbackSwitch } from '@corsway/redis-window';
import type { GatewayLogger } from '../logging/gateway.logger';
import { MemoryRateLimiter } from './memory.rate-limiter';
import type { RateLimiter, RateLimitResult } from './rate-limiter';
import type { RedisRateLimiter } from './redis.rate-limiter';

/**
 * Shared limits in Redis, and per-process limits in memory while Redis is
 * unreachable: a Redis outage must neither take the limited routes (login)
 * down nor switch their limits off. In memory, N gateways allow N × the limit
 * (apps/gateway/README.md "Rate limits" says so); the counts start afresh when
 * Redis is back. While counting in memory no request waits for Redis: a
 * background probe decides when it is back (RedisFallbackSwitch, libs/redis-window).
 * The switch is logged once each way.
 */
export class FallbackRateLimiter implements RateLimiter {
  private readonly local = new MemoryRateLimiter();
  private readonly fallback: RedisFallbackSwitch;

  constructor(
    private readonly shared: RedisRateLimiter,
    private readonly logger?: GatewayLogger,
  ) {
    this.fallback = new RedisFallbackSwitch(
      () => shared.ping(),
      (fallingBack, err) => {
        if (fallingBack) this.logger?.warn({ err }, 'Redis for rate limits is unreachable; counting limits in this gateway process until it is back (each gateway allows the full limit)');
        else this.logger?.info('Redis for rate limits is back; limits are shared again');
      },
    );
  }

  /** Start-up: the first requests should count in Redis, not locally, if Redis is there at all. */
  async start(): Promise<void> {
    await this.shared.whenReady(2_000);
  }

  /** True while limits are counted in this process only. */
  get degraded(): boolean {
    return this.fallback.fallingBack;
  }

  async hit(key: string, limit: number, windowMs: number): Promise<RateLimitResult> {
    // Not connected: do not wait for ioredis to give up on the command.
    if (!this.shared.ready) this.fallback.engage();
    if (!this.fallback.fallingBack) {
      try {
        return await this.shared.hit(key, limit, windowMs);
      } catch (err) {
        this.fallback.engage(err);
      }
    }
    return this.local.hit(key, limit, windowMs);
  }

  async close(): Promise<void> {
    this.fallback.close();
    await Promise.all([this.shared.close(), this.local.close()]);
  }
}
