import { performance } from 'node:perf_hooks';
import { HANDLED, type PipelineStage } from '../pipeline/pipeline-stage';
import type { CorsSeam } from './cors.stage';
import type { PreflightReplay } from './preflight-replay';

/**
 * A preflight the gateway granted before under the running config (same
 * path as sent, `Origin`, requested method and headers) gets that answer
 * again, through the one preflight writer, with this request's id: the
 * route match and CORS stages would compute exactly it (cors/preflight-replay.ts
 * says when that holds). Everything else goes on to them. The metrics count
 * it as the CORS stage would have (`GatewayMetrics.grantedPreflight`).
 */
export function preflightReplayStage(replay: PreflightReplay, cors: Pick<CorsSeam, 'writePreflight'>): PipelineStage {
  return {
    name: 'preflight replay',
    run(ctx) {
      if (ctx.method !== 'OPTIONS' || ctx.res === null) return;
      const granted = replay.find(ctx.config, ctx.sentPath, ctx.req.headers);
      if (granted === undefined) return;
      cors.writePreflight(granted.decision, ctx.res, ctx.head);
      granted.count?.((performance.now() - ctx.started) / 1000);
      return HANDLED;
    },
  };
}
