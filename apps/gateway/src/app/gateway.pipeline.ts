import { authStage } from './auth/auth.stage';
import { balanceStage } from './balancing/balance.stage';
import { corsStage, type CorsSeam } from './cors/cors.stage';
import { PreflightReplay } from './cors/preflight-replay';
import { preflightReplayStage } from './cors/preflight-replay.stage';
import { nestEndpointsStage, type NestRequestHandler } from './endpoints/nest-endpoints.stage';
import type { GatewayServices } from './gateway.services';
import { requestIdStage } from './http/request-id.stage';
import type { GatewayAnswers } from './pipeline/gateway-answers';
import type { PipelineStage } from './pipeline/pipeline-stage';
import { clientAddressStage } from './forwarding/client-address.stage';
import { forwardStage } from './proxy/forward.stage';
import { requestBodyStage } from './proxy/request-body.stage';
import { type ClientHolds, inFlightStage } from './rate-limit/in-flight.stage';
import { rateLimitStage } from './rate-limit/rate-limit.stage';
import { matchRouteStage, type NestRouteLookup, requireRouteStage } from './routing/route-match.stage';
import { traceContextStage } from './tracing/trace-context.stage';
import { transformsStage } from './transforms/transforms.stage';
import type { WebSocketTunnels } from './websocket/websocket-tunnels';

/** What the pipeline needs besides the gateway's services. */
export interface GatewayPipelineParts {
  readonly cors: CorsSeam;
  /** Does a gateway controller serve `method path`? And the Nest handler that serves it. */
  readonly nest: { readonly owns: NestRouteLookup; readonly handle: NestRequestHandler };
  readonly tunnels: WebSocketTunnels;
  readonly answers: GatewayAnswers;
  /** Requests in flight and WebSockets open, per client address. */
  readonly holds: ClientHolds;
}

/**
 * THE GATEWAY, top to bottom: every request (HTTP, and WebSocket handshakes
 * alike) runs these stages in this order, each from its concern's folder,
 * with one GatewayContext passed along (pipeline/gateway-context.ts). A stage
 * ends a request by answering it (a preflight at `cors`) or by throwing a
 * GatewayHttpError, which pipeline/gateway-answers.ts turns into the envelope
 * with the head built so far (request id and CORS headers). The models are
 * Ocelot's `BuildOcelotPipeline` and YARP's `MapReverseProxy`.
 */
export function gatewayPipeline(services: GatewayServices, parts: GatewayPipelineParts): readonly PipelineStage[] {
  const replay = new PreflightReplay();
  return Object.freeze([
    requestIdStage(), //                                         X-Request-Id: kept if safe, else new
    preflightReplayStage(replay, parts.cors), //                 a preflight granted before under this config: the same answer, at once
    matchRouteStage(parts.nest.owns), //                         once, one spelling, for the method the endpoint serves
    corsStage(parts.cors, services.logger, services.metrics, replay), // decision; a preflight ends here (and is remembered); WebSocket Origin
    traceContextStage(services.tracing), //                      traceparent: kept if valid, else a new trace (a preflight has none)
    nestEndpointsStage(parts.nest.handle, parts.cors), //        /health, /health/ready, /metrics: Nest controllers
    requireRouteStage(), //                                      404 / 405 / 400, with the CORS headers
    clientAddressStage(), //                                     the peer, or the client behind trusted proxies (not needed before)
    inFlightStage(parts.holds, services.metrics), //             per client address: requests at once, WebSockets open -> 429
    rateLimitStage(services.limiter, services.metrics), //       per route and client address, per window -> 429
    authStage(services.verifier, services.balancer), //          auth: true -> ES256 via JWKS, or 401
    requestBodyStage(), //                                       small bodies read whole (before a pool connection), or guarded
    balanceStage(services.balancer), //                          discovery + instance health (panic rule) -> an instance
    transformsStage(), //                                        X-Forwarded-*, the route's header transforms
    forwardStage(services, parts.tunnels, parts.answers), //     stream to the service (or a WebSocket tunnel)
  ]);
}
