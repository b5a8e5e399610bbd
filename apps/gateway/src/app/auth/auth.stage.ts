import { isPreflight } from '@corsway/cors';
import type { AuthConfig } from '../config/gateway-config.types';
import type { RoundRobinBalancer } from '../balancing/round-robin.balancer';
import { GatewayHttpError, RETRY_SOON } from '../http/gateway-http.error';
import type { GatewayContext } from '../pipeline/gateway-context';
import type { PipelineStage } from '../pipeline/pipeline-stage';
import type { AccessTokenVerifier } from './access-token.verifier';
import { bearerChallenge, bearerToken } from './bearer-token';
import { protocolBearerToken } from './websocket-protocol-token';

/**
 * Edge auth for `auth: true` routes: a valid ES256 access token (verified
 * against the user-service key set, found through discovery) or 401. Never
 * for a preflight that reached this far (an OPTIONS on a route without CORS):
 * browsers send preflights without credentials (Fetch §4.8, Ocelot #633).
 * A WebSocket handshake may carry the token in `Sec-WebSocket-Protocol` as
 * `bearer.<token>`, since browsers cannot set headers on a WebSocket.
 */
export function authStage(verifier: AccessTokenVerifier, balancer: RoundRobinBalancer): PipelineStage {
  return {
    name: 'auth',
    run(ctx) {
      if (!ctx.routed.config.auth || isPreflight(ctx.method, ctx.req.headers)) return;
      return verify(ctx, verifier, balancer);
    },
  };
}

async function verify(ctx: GatewayContext, verifier: AccessTokenVerifier, balancer: RoundRobinBalancer): Promise<void> {
  const auth: AuthConfig = ctx.config.config.auth;
  const header = ctx.req.headers.authorization;
  let token = bearerToken(header);
  if (token === null && header === undefined && ctx.upgrade !== null) {
    token = protocolBearerToken(ctx.req.headers['sec-websocket-protocol']);
    ctx.protocolToken = token;
  }
  if (token === null) {
    const message = header
      ? 'The Authorization header is not "Bearer <access token>".'
      : 'This route needs an access token: send "Authorization: Bearer <access token>" (get one from POST /users/user/login).';
    throw new GatewayHttpError(401, message, { 'www-authenticate': bearerChallenge() });
  }
  const discovery = ctx.config.discovery;
  const instance = balancer.pick(auth.jwksService, discovery.getInstances(auth.jwksService));
  if (!instance) {
    throw new GatewayHttpError(503, `The gateway cannot verify access tokens right now: no ${auth.jwksService} instance is available to serve its key set.`, RETRY_SOON);
  }
  await verifier.verify(token, `${instance.url}${auth.jwksPath}`, auth.clockToleranceSeconds);
}
