import Redis from 'ioredis';
import type { RateLimiter, RateLimitResult } from './rate-limiter';

// INCR and PEXPIRE in one atomic step: the first hit of a window sets its
// expiry, so two gateways can never both start (or extend) the same window.
const HIT_SCRIPT = `
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]); ttl = tonumber(ARGV[1]) end
return {count, ttl}
`;

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
    this.redis.defineCommand('corswayHit', { numberOfKeys: 1, lua: HIT_SCRIPT });
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

  async hit(key: string, limit: number, windowMs: number): Promise<RateLimitResult> {
    const run = (this.redis as unknown as { corswayHit(k: string, w: number): Promise<[number, number]> }).corswayHit;
    const [count, ttl] = await run.call(this.redis, `${this.keyPrefix}${key}`, windowMs);
    return { allowed: count <= limit, remaining: Math.max(0, limit - count), resetMs: ttl };
  }

  async close(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}
