import Redis from 'ioredis';
import type { GatewayLogger } from '../logging/gateway.logger';
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

  private down = false;

  constructor(
    url: string,
    private readonly keyPrefix: string,
    logger?: GatewayLogger,
  ) {
    // One retry per command: a Redis outage must cost a limited route milliseconds, not seconds.
    this.redis = new Redis(url, { lazyConnect: false, maxRetriesPerRequest: 1, enableOfflineQueue: true });
    this.redis.defineCommand('corswayHit', { numberOfKeys: 1, lua: HIT_SCRIPT });
    // Log transitions only; ioredis reports every reconnect attempt as an error.
    this.redis.on('error', (err: Error) => {
      if (this.down) return;
      this.down = true;
      logger?.warn({ err }, 'Redis for rate limits is unreachable; limited routes fail open until it is back');
    });
    this.redis.on('ready', () => {
      if (this.down) logger?.info('Redis for rate limits is back');
      this.down = false;
    });
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
