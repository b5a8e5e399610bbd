import { unsupportedExpectation } from '@corsway/contracts';
import { isPreflight } from '@corsway/cors';
import { GatewayHttpError } from '../http/gateway-http.error';
import type { PipelineStage } from '../pipeline/pipeline-stage';
import { spellPath } from './path-spelling';

/** True when one of the gateway's own Nest controllers serves `method path` (`/health`). */
export type NestRouteLookup = (method: string, path: string) => boolean;

/**
 * Matches the request ONCE, for the method its endpoint serves: a preflight
 * (Fetch §4.8) is matched with its `Access-Control-Request-Method`, so the
 * route that will serve the real request also governs its preflight's CORS.
 * The path is matched in its one accepted spelling (routing/path-spelling.ts).
 * The gateway's own controllers (`/health`) win over config routes. Nothing
 * is refused here: the CORS stage runs first, so a 400 or 404 carries CORS
 * headers (a path that is refused gets the default policy).
 */
export function matchRouteStage(ownedByNest: NestRouteLookup): PipelineStage {
  return {
    name: 'route match',
    run(ctx) {
      const headers = ctx.req.headers;
      const spelling = spellPath(ctx.path);
      if (!spelling.ok) {
        ctx.pathProblem = spelling.problem;
        return;
      }
      if (spelling.path !== ctx.path) {
        // Every later reader (CORS decorators, Nest's router, the access log) sees the one spelling.
        ctx.path = spelling.path;
        ctx.req.url = spelling.path + ctx.query;
      }
      const method = isPreflight(ctx.method, headers) ? String(headers['access-control-request-method']).toUpperCase() : ctx.method;
      if (ownedByNest(method, ctx.path)) {
        ctx.ownedByNest = true;
        return;
      }
      ctx.match = ctx.config.routes.match(method, ctx.path);
    },
  };
}

/**
 * After CORS: the request must have a route (404), the route must allow the
 * method (405 with Allow, RFC 9110 §15.5.6), its path must be one the
 * service can be given safely (400), and it may expect nothing but
 * "100 Continue" (417, RFC 9110 §10.1.1). A WebSocket handshake needs a route
 * that accepts them.
 */
export function requireRouteStage(): PipelineStage {
  return {
    name: 'require route',
    run(ctx) {
      const { path } = ctx;
      if (ctx.pathProblem !== null) throw new GatewayHttpError(400, ctx.pathProblem);
      if (ctx.unsupportedExpectation !== null) throw new GatewayHttpError(417, unsupportedExpectation(ctx.unsupportedExpectation));
      const match = ctx.match;
      if (match === null || match.kind === 'none') {
        throw new GatewayHttpError(404, `No gateway route matches ${path}. Check the URL against the gateway's route table.`);
      }
      if (match.kind === 'methodNotAllowed') {
        throw new GatewayHttpError(405, `${ctx.method} is not allowed on ${path}; use ${match.allow.join(', ')}.`, { allow: match.allow.join(', ') });
      }
      if (ctx.upgrade !== null) {
        // A WebSocket handshake is a GET (RFC 6455 §4.1); the only other request that arrives on a
        // raw socket is CONNECT (install-pipeline.ts), and the gateway opens no tunnels.
        if (ctx.method !== 'GET') {
          throw new GatewayHttpError(405, `${ctx.method} cannot open a connection through the gateway; a WebSocket handshake is a GET.`, { allow: 'GET' });
        }
        // Node hands every Upgrade request to the upgrade listener; only WebSocket is proxied (h2c is not).
        if (String(ctx.req.headers.upgrade).toLowerCase() !== 'websocket') {
          throw new GatewayHttpError(400, `Upgrade: ${String(ctx.req.headers.upgrade)} is not supported; only WebSocket upgrades are proxied.`);
        }
        if (!match.route.config.websocket) {
          throw new GatewayHttpError(400, `The route for ${path} does not accept WebSocket upgrades; send a plain HTTP request.`);
        }
      }
      ctx.route = match.route;
      ctx.servicePath = match.servicePath + ctx.query;
    },
  };
}
