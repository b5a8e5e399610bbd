import { performance } from 'node:perf_hooks';
import { type CorsDecision, type CorsPolicyChoice, type CorsService, isPreflight } from '@corsway/cors';
import { GatewayHttpError } from '../http/gateway-http.error';
import type { GatewayLogger } from '../logging/gateway.logger';
import type { GatewayMetrics } from '../metrics/gateway.metrics';
import type { GatewayContext } from '../pipeline/gateway-context';
import { HANDLED, type PipelineStage } from '../pipeline/pipeline-stage';
import type { PreflightReplay } from './preflight-replay';

/** The CORS seam of @corsway/cors the stage uses (the module's CorsService). */
export type CorsSeam = Pick<CorsService, 'evaluate' | 'headerList' | 'writePreflight' | 'markDecided'>;

/**
 * CORS, decided once per request, by one policy (docs/ARCHITECTURE.md "CORS
 * semantics"):
 *
 * 1. The policy: a gateway controller's decorators (`@EnableCors`,
 *    `@DisableCors`), else the matched route's `cors` (a name, or `false`),
 *    else the default policy (also for paths no route matches, so a 404 is
 *    readable).
 * 2. A preflight ends here: 204 with the policy's headers (403 in strict
 *    mode), before rate limits, auth or the service ever see it. With no
 *    policy, it is just an OPTIONS request, routed as one.
 * 3. Anything else gets the policy's headers in its head, so every later
 *    answer (401, 404, 429, 502) carries them.
 * 4. A state-changing request the policy's `enforceOrigin` forbids (an
 *    origin it does not allow: a cross-site form POST, a `no-cors` fetch)
 *    gets 403 here, before rate limits, auth or the service: CORS only stops
 *    a page from reading the answer, not the request from acting.
 * 5. A WebSocket handshake: browsers do not apply CORS to WebSockets, so the
 *    policy is enforced on the handshake's `Origin` here: an origin the
 *    policy refuses gets 403 before any service connection (cross-site
 *    WebSocket hijacking). No `Origin` means no browser page asked.
 */
export function corsStage(cors: CorsSeam, logger: GatewayLogger, metrics: GatewayMetrics | null, replay: PreflightReplay): PipelineStage {
  return {
    name: 'cors',
    run(ctx) {
      const decision = decide(cors, ctx, logger);
      ctx.cors = decision;
      if (decision === null) {
        if (!ctx.ownedByNest && isPreflight(ctx.method, ctx.req.headers)) ctx.match = ctx.config.routes.match('OPTIONS', ctx.path);
        return;
      }
      if (ctx.upgrade !== null) {
        if (ctx.req.headers.origin !== undefined && !decision.allowed) {
          throw new GatewayHttpError(403, `WebSocket connections from origin ${ctx.req.headers.origin} are not allowed by this route's CORS policy.`);
        }
        return;
      }
      if (decision.kind === 'preflight') {
        // No access-log line: preflights are most of an edge's requests and
        // carry no user action (a refused one is logged with its reason).
        cors.writePreflight(decision, ctx.response, ctx.head);
        metrics?.answered(ctx.routeTemplate, 'OPTIONS', decision.status ?? 204, (performance.now() - ctx.started) / 1000);
        rememberGranted(replay, ctx, decision, metrics);
        return HANDLED;
      }
      const list = cors.headerList(decision);
      for (let i = 0; i < list.length; i++) ctx.head.push(list[i]);
      if (decision.forbidden === true) {
        throw new GatewayHttpError(403, `This ${ctx.method} was refused: ${decision.rejection?.message ?? 'its origin is not allowed'}. Send it from a page of an allowed origin.`);
      }
      return;
    },
  };
}

/**
 * A granted preflight of a config route, for the preflight replay stage
 * (cors/preflight-replay.ts decides what it keeps). Its policy is the route's
 * `cors` name, else the default policy, as in `decide`.
 */
function rememberGranted(replay: PreflightReplay, ctx: GatewayContext, decision: CorsDecision, metrics: GatewayMetrics | null): void {
  const match = ctx.match;
  if (ctx.ownedByNest || match === null || match.kind !== 'route') return;
  const named = match.route.config.cors;
  const policy = typeof named === 'string' ? named : ctx.config.cors.defaultPolicy;
  if (policy === null) return;
  const route = match.route.config.upstream;
  replay.remember(ctx.config, ctx.sentPath, ctx.req.headers, decision, () => metrics?.grantedPreflight(route, policy) ?? null);
}

function decide(cors: CorsSeam, ctx: GatewayContext, logger: GatewayLogger) {
  // Decorators decide for the gateway's own controllers (undefined: look them up).
  let choice: CorsPolicyChoice | undefined;
  if (!ctx.ownedByNest) {
    const match = ctx.match;
    choice = match !== null && match.kind === 'route' ? (match.route.config.cors ?? null) : null;
  }
  try {
    return cors.evaluate(ctx.req, choice);
  } catch (err) {
    logger.error({ reqId: ctx.requestId, err }, 'CORS evaluation failed');
    throw new GatewayHttpError(500, 'The gateway could not apply its CORS policy to this request.');
  }
}
