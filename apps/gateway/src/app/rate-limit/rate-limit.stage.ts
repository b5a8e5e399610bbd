import { GatewayHttpError } from '../http/gateway-http.error';
import type { GatewayLogger } from '../logging/gateway.logger';
import type { GatewayContext } from '../pipeline/gateway-context';
import type { PipelineStage } from '../pipeline/pipeline-stage';
import type { RateLimiter } from './rate-limiter';

/**
 * `routes[i].rateLimit`: a fixed window per route and client IP -> 429 with
 * Retry-After (RFC 6585 §4). Routes without a limit pass synchronously.
 */
export function rateLimitStage(limiter: RateLimiter, logger: GatewayLogger): PipelineStage {
  return {
    name: 'rate limit',
    run(ctx) {
      if (ctx.route?.config.rateLimit == null) return;
      return countRequest(ctx, limiter, logger);
    },
  };
}

async function countRequest(ctx: GatewayContext, limiter: RateLimiter, logger: GatewayLogger): Promise<void> {
  const route = ctx.route!;
  const limit = route.config.rateLimit!;
  const key = `${route.config.upstream}|${ctx.req.socket.remoteAddress ?? ''}`;
  let result;
  try {
    result = await limiter.hit(key, limit.limit, limit.windowSeconds * 1000);
  } catch (err) {
    // Fail open: a Redis outage must not take every limited route (login!) down with it.
    logger.warn({ err, route: route.id }, 'rate limiter unavailable; request allowed');
    return;
  }
  if (!result.allowed) {
    const retryAfter = Math.max(1, Math.ceil(result.resetMs / 1000));
    throw new GatewayHttpError(429, `Too many requests: this route allows ${limit.limit} per ${limit.windowSeconds} s per client. Retry after ${retryAfter} s.`, {
      'retry-after': String(retryAfter),
    });
  }
}
