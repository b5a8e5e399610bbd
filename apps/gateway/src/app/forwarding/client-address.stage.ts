import type { PipelineStage } from '../pipeline/pipeline-stage';
import { resolveForwarded } from './forwarded-for';

/**
 * Who the client is, before anything counts it (rate limits, the per-client
 * cap) and before the service is told (X-Forwarded-*, transforms stage).
 * From a peer that is not a trusted proxy the client is the peer and any
 * X-Forwarded-* it sent is ignored: a client cannot pick the address it is
 * rate-limited as, nor claim it came over HTTPS. The trusted peers are
 * `TRUSTED_PROXIES`, else the config's `proxy.trustProxy` (default: none).
 */
export function clientAddressStage(): PipelineStage {
  return {
    name: 'client address',
    run(ctx) {
      ctx.forwarded = resolveForwarded(ctx.req, ctx.config.trustedProxies);
    },
  };
}
