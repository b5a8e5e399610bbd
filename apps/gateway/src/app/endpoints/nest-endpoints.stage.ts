import { REQUEST_ID_HEADER } from '@corsway/contracts';
import { applyCorsDecision, type CorsService } from '@corsway/cors';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { GatewayHttpError } from '../http/gateway-http.error';
import { HANDLED, type PipelineStage } from '../pipeline/pipeline-stage';

/** The Nest application's request handler (Fastify's router). */
export type NestRequestHandler = (req: IncomingMessage, res: ServerResponse) => void;

/**
 * Hands the gateway's own endpoints (Nest controllers: `/health`, `/metrics`,
 * `/health/ready`) to Nest, after the request id and CORS stages: the id and
 * the CORS headers go on the response first, and Nest writes them with its
 * answer. The module's CORS hook leaves such requests alone (they were
 * decided once, in the CORS stage), and Fastify's `genReqId` reads the id
 * from the request's header, so Nest's logs name the same id. Proxied
 * requests pass through.
 */
export function nestEndpointsStage(nest: NestRequestHandler, cors: Pick<CorsService, 'markDecided'>): PipelineStage {
  return {
    name: 'gateway endpoints',
    run(ctx) {
      if (!ctx.ownedByNest) return;
      const res = ctx.res;
      if (res === null) throw new GatewayHttpError(404, `${ctx.path} is a gateway endpoint, not a WebSocket one.`);
      ctx.req.headers[REQUEST_ID_HEADER] = ctx.requestId;
      res.setHeader(REQUEST_ID_HEADER, ctx.requestId);
      if (ctx.cors !== null) applyCorsDecision(ctx.cors, res);
      cors.markDecided(ctx.req);
      ctx.continueBody(); // Nest reads a body itself
      nest(ctx.req, res);
      return HANDLED;
    },
  };
}
