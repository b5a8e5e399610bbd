import { hitFixedWindow } from '@corsway/redis-window';
import Redis from 'ioredis';
import type { RateLimiter, RateLimitResult } from './rate-limiter';

/** Shared fixed windows in Redis (`REDIS_URL`), so several gateways count together. */
export class RedisRateLimiter implements RateLimiter {
  private readonly redis: Redis;

  constructor(
    url: string,
    private readonly keyPrefix: string,
  ) {
    // One retry per command and a command timeout: a Redis outage must cost a
    // limited route milliseconds, not seconds (FallbackRateLimiter counts locally then).
    this.redis = new Redis(url, { lazyConnect: false, maxRetriesPerRequest: 1, enableOfflineQueue: true, commandTimeout: 500 });
    // ioredis reports every reconnect attempt as an error; FallbackRateLimiter logs the transitions.
    this.redis.on('error', () => undefined);
  }

  /** Resolves once connected, or after `timeoutMs` (Redis down at start-up: the caller goes on without it). */
  whenReady(timeoutMs: number): Promise<void> {
    if (this.ready) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(done, timeoutMs);
      const redis = this.redis;
      function done() {
        clearTimeout(timer);
        redis.off('ready', done);
        resolve();
      }
      redis.once('ready', done);
    });
  }

  /** Connected and ready for commands. */
  get ready(): boolean {
    return this.redis.status === 'ready';
  }

  /** Resolves when Redis answers a PING (within the command timeout): how FallbackRateLimiter learns it is back. */
  async ping(): Promise<void> {
    await this.redis.ping();
  }

  /** One hit in the shared fixed window (@corsway/redis-window; user-service's throttles count the same way). */
  async hit(key: string, limit: number, windowMs: number): Promise<RateLimitResult> {
    const { count, resetMs } = await hitFixedWindow(this.redis, `${this.keyPrefix}${key}`, windowMs);
    return { allowed: count <= limit, remaining: Math.max(0, limit - count), resetMs };
  }

  async close(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}
