import { GatewayHttpError } from '../http/gateway-http.error';
import type { RateLimitConfig } from '../config/gateway-config.types';
import type { GatewayMetrics } from '../metrics/gateway.metrics';
import type { GatewayContext } from '../pipeline/gateway-context';
import type { PipelineStage } from '../pipeline/pipeline-stage';
import type { RateLimiter } from './rate-limiter';

/**
 * `routes[i].rateLimit`: a fixed window per route and client (an address, or
 * an IPv6 client's network: `clientKey` in libs/contracts) -> 429
 * with Retry-After (RFC 6585 §4). Routes without a limit pass synchronously.
 * Counted in Redis when `REDIS_URL` is set (in this process while Redis is
 * down), else in memory.
 */
export function rateLimitStage(limiter: RateLimiter, metrics: GatewayMetrics | null): PipelineStage {
  return {
    name: 'rate limit',
    run(ctx) {
      const limit = ctx.routed.config.rateLimit;
      if (limit === null) return;
      return countRequest(ctx, limiter, limit, metrics);
    },
  };
}

async function countRequest(ctx: GatewayContext, limiter: RateLimiter, limit: RateLimitConfig, metrics: GatewayMetrics | null): Promise<void> {
  const route = ctx.routed;
  const key = `${route.config.upstream}|${ctx.clientKey}`;
  const result = await limiter.hit(key, limit.limit, limit.windowSeconds * 1000);
  if (!result.allowed) {
    metrics?.refused(ctx.routeTemplate, 'rate_limit');
    const retryAfter = Math.max(1, Math.ceil(result.resetMs / 1000));
    throw new GatewayHttpError(429, `Too many requests: this route allows ${limit.limit} per ${limit.windowSeconds} s per client. Retry after ${retryAfter} s.`, {
      'retry-after': String(retryAfter),
    });
  }
}
