import type { ServiceDiscoveryProvider } from '@corsway/discovery';
import type { IncomingMessage } from 'node:http';
import type { AccessTokenVerifier } from '../auth/access-token.verifier';
import { bearerChallenge, bearerToken } from '../auth/bearer-token';
import type { RoundRobinBalancer } from '../balancing/round-robin.balancer';
import type { AuthConfig } from '../config/gateway-config.types';
import { GatewayHttpError, RETRY_SOON } from '../http/gateway-http.error';
import type { GatewayLogger } from '../logging/gateway.logger';
import type { RateLimiter, RateLimitResult } from '../rate-limit/rate-limiter';
import type { CompiledRoute } from '../routing/route-table';

/** A CORS preflight (Fetch §3.2.2): never rate-limited by auth, never authenticated (Ocelot #633). */
export function isPreflight(request: IncomingMessage): boolean {
  return request.method === 'OPTIONS' && !!request.headers.origin && !!request.headers['access-control-request-method'];
}

/** Per-route fixed window per client IP -> 429 with Retry-After. */
export async function enforceRateLimit(route: CompiledRoute, clientIp: string, limiter: RateLimiter, logger: GatewayLogger): Promise<void> {
  const limit = route.config.rateLimit;
  if (!limit) return;
  const key = `${route.config.upstream}|${clientIp}`;
  let result: RateLimitResult;
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

/** Edge auth for `auth: true` routes: a valid ES256 access token or 401. */
export async function enforceAuth(
  request: IncomingMessage,
  auth: AuthConfig,
  deps: { verifier: AccessTokenVerifier; discovery: ServiceDiscoveryProvider; balancer: RoundRobinBalancer },
): Promise<void> {
  const token = bearerToken(request.headers.authorization);
  if (!token) {
    const message = request.headers.authorization
      ? 'The Authorization header is not "Bearer <access token>".'
      : 'This route needs an access token: send "Authorization: Bearer <access token>" (get one from POST /users/user/login).';
    throw new GatewayHttpError(401, message, { 'www-authenticate': bearerChallenge() });
  }
  const instance = deps.balancer.pick(auth.jwksService, deps.discovery.getInstances(auth.jwksService));
  if (!instance) {
    throw new GatewayHttpError(503, `The gateway cannot verify access tokens right now: no ${auth.jwksService} instance is available to serve its key set.`, RETRY_SOON);
  }
  await deps.verifier.verify(token, `${instance.url}${auth.jwksPath}`, auth.clockToleranceSeconds);
}
