import type { GatewayLogger } from '../logging/gateway.logger';
import { MemoryRateLimiter } from './memory.rate-limiter';
import type { RateLimiter } from './rate-limiter';
import { RedisRateLimiter } from './redis.rate-limiter';

/** In memory unless REDIS_URL is set (DESIGN.md "Environment"). */
export function createRateLimiter(redisUrl: string | undefined, keyPrefix = 'corsway:gateway:rl:', logger?: GatewayLogger): RateLimiter {
  return redisUrl ? new RedisRateLimiter(redisUrl, keyPrefix, logger) : new MemoryRateLimiter();
}
