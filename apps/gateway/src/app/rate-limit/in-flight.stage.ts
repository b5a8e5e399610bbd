import { GatewayHttpError } from '../http/gateway-http.error';
import type { GatewayMetrics } from '../metrics/gateway.metrics';
import type { PipelineStage } from '../pipeline/pipeline-stage';
import type { InFlightLimiter } from './in-flight.limiter';

/**
 * `clients.maxInFlight`: at most that many requests in flight at once per
 * client address (the peer, or the client behind trusted proxies) -> 429 with
 * Retry-After (RFC 6585 §4). The slot is held until the answer is finished or
 * the client is gone; a WebSocket holds one only during its handshake.
 */
export function inFlightStage(limiter: InFlightLimiter, metrics: GatewayMetrics | null): PipelineStage {
  return {
    name: 'client in-flight cap',
    run(ctx) {
      const max = ctx.config.config.clients.maxInFlight;
      const client = ctx.clientIp;
      if (!limiter.tryAcquire(client, max)) {
        metrics?.refused(ctx.routeTemplate, 'in_flight');
        throw new GatewayHttpError(429, `Too many requests in flight from your address: the gateway serves at most ${max} at once per client. Retry after 1 s.`, {
          'retry-after': '1',
        });
      }
      ctx.onFinish(() => limiter.release(client));
    },
  };
}
