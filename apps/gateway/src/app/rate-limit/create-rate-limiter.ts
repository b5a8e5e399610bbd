import type { GatewayLogger } from '../logging/gateway.logger';
import { FallbackRateLimiter } from './fallback.rate-limiter';
import { MemoryRateLimiter } from './memory.rate-limiter';
import type { RateLimiter } from './rate-limiter';
import { RedisRateLimiter } from './redis.rate-limiter';

/** In memory unless REDIS_URL is set (docs/ARCHITECTURE.md "Environment"); with Redis, in memory while it is down. */
export function createRateLimiter(redisUrl: string | undefined, keyPrefix = 'corsway:gateway:rl:', logger?: GatewayLogger): RateLimiter {
  return redisUrl ? new FallbackRateLimiter(new RedisRateLimiter(redisUrl, keyPrefix), logger) : new MemoryRateLimiter();
}
