import { TRACEPARENT_HEADER, type Tracing } from '@corsway/tracing';
import type { PipelineStage } from '../pipeline/pipeline-stage';
import { RequestTrace } from './request-trace';

/**
 * Right after CORS: the client's `traceparent` is kept when valid (W3C Trace
 * Context §3.2), else a trace starts here, so every later answer's access-log
 * line and every upstream attempt carry the trace id. A preflight (answered
 * by CORS, never logged or forwarded) costs no trace; an `enforceOrigin`
 * refusal is logged with trace id '-'. With
 * tracing on, the request span starts here and is ended by the access log,
 * or when the request ends without one.
 */
export function traceContextStage(tracing: Tracing): PipelineStage {
  return {
    name: 'trace context',
    run(ctx) {
      const trace = RequestTrace.accept(ctx.req.headers[TRACEPARENT_HEADER], tracing, ctx.method, ctx.path, ctx.requestId);
      ctx.trace = trace;
      if (trace.recording) ctx.onFinish(() => trace.abandon(ctx.res, ctx.route));
    },
  };
}
