import { REQUEST_ID_HEADER, requestIdFrom } from '@corsway/contracts';
import type { PipelineStage } from '../pipeline/pipeline-stage';

/**
 * The request id, first, so every later answer (a preflight, a 404, a 502)
 * and every log line names it: the caller's safe `X-Request-Id`, else a new
 * one (the rule of @corsway/contracts, shared with user-service and web).
 */
export function requestIdStage(): PipelineStage {
  return {
    name: 'request id',
    run(ctx) {
      ctx.requestId = requestIdFrom(ctx.req.headers);
      ctx.head.push(REQUEST_ID_HEADER, ctx.requestId);
    },
  };
}
