import type { CorsService } from '@corsway/cors';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { writeEnvelopeError } from '../http/envelope.reply';
import { GatewayHttpError } from '../http/gateway-http.error';
import { REQUEST_ID_HEADER, requestIdFor } from '../http/request-id';
import type { GatewayLogger } from '../logging/gateway.logger';
import type { ProxyHandler } from '../proxy/proxy.handler';

type RequestListener = (this: Server, req: IncomingMessage, res: ServerResponse) => void;

/** What the edge needs to know and do for one request. */
export interface GatewayEdge {
  /** True when a Nest controller (the framework's router) serves `method url`: /health... */
  readonly ownsRoute: (method: string, url: string) => boolean;
  /** CORS on Node's own request/response: the module's `CorsService`. */
  readonly cors: Pick<CorsService, 'evaluate' | 'headerList' | 'answerPreflight'>;
  readonly proxy: ProxyHandler;
  readonly logger: GatewayLogger;
}

/**
 * The gateway's own request listener, in front of Fastify's on `server`.
 * Proxied traffic is the gateway's whole job, so it is served on Node's
 * request and response directly: Fastify's request/reply objects, hook chain
 * and async handler cost ~20 µs a request here, a fifth of a minimal proxy's
 * whole budget (issue 8, bench/README.md). The order is DESIGN.md's edge:
 * request id, CORS (a preflight ends there), then the proxy. Requests for the
 * gateway's own endpoints (Nest controllers) go to Fastify unchanged, where
 * the same CORS and request-id hooks run; a controller route wins over the
 * config routes, as it did when the proxy was a Fastify catch-all route.
 */
export function installGatewayEdge(server: Server, edge: GatewayEdge): void {
  const framework = server.listeners('request') as RequestListener[];
  server.removeAllListeners('request');
  server.on('request', function gatewayEdge(this: Server, req: IncomingMessage, res: ServerResponse) {
    if (edge.ownsRoute(req.method ?? 'GET', req.url ?? '/')) {
      for (const listener of framework) listener.call(this, req, res);
      return;
    }
    const requestId = requestIdFor(req);
    let decision;
    try {
      decision = edge.cors.evaluate(req);
    } catch (err) {
      // A throw in a server's request listener would take the whole process down;
      // inside Fastify the same fault was a 500, so it stays one here.
      edge.logger.error({ reqId: requestId, err }, 'CORS evaluation failed');
      writeEnvelopeError(res, new GatewayHttpError(500, 'The gateway could not apply its CORS policy to this request.'), [REQUEST_ID_HEADER, requestId]);
      return;
    }
    if (decision !== null && decision.kind === 'preflight') {
      // Usually answered before this listener (CorsModule earlyPreflight); kept so the edge is complete on its own.
      edge.cors.answerPreflight(decision, res, { [REQUEST_ID_HEADER]: requestId });
      return;
    }
    const edgeHead = decision === null ? [REQUEST_ID_HEADER, requestId] : [REQUEST_ID_HEADER, requestId, ...edge.cors.headerList(decision)];
    edge.proxy.handle(req, res, requestId, edgeHead);
  });
}
