import { GatewayHttpError } from '../http/gateway-http.error';
import type { GatewayMetrics } from '../metrics/gateway.metrics';
import type { PipelineStage } from '../pipeline/pipeline-stage';
import type { InFlightLimiter } from './in-flight.limiter';

/** What one client address holds open in this process: requests in flight, and proxied WebSockets. */
export interface ClientHolds {
  readonly requests: InFlightLimiter;
  readonly webSockets: InFlightLimiter;
}

/**
 * `clients.maxInFlight`: at most that many requests in flight at once per
 * client address (the peer, or the client behind trusted proxies; an IPv6
 * client counted by its network, `clients.ipv6Prefix`) -> 429 with
 * Retry-After (RFC 6585 §4). The slot is held until the answer is finished or
 * the client is gone; a WebSocket holds one only during its handshake.
 *
 * `clients.maxWebSockets`: a WebSocket handshake also takes a slot of its
 * own, held for as long as the client's connection is open (the whole
 * tunnel, each holding a connection to the service): past the cap the
 * handshake gets 429 before any connection to the service is made. Without
 * it, one address could hold open as many tunnels as it cared to start,
 * each a socket pair and a file descriptor twice over.
 */
export function inFlightStage(holds: ClientHolds, metrics: GatewayMetrics | null): PipelineStage {
  return {
    name: 'client in-flight cap',
    run(ctx) {
      const clients = ctx.config.config.clients;
      const client = ctx.clientKey;
      if (!holds.requests.tryAcquire(client, clients.maxInFlight)) {
        metrics?.refused(ctx.routeTemplate, 'in_flight');
        throw new GatewayHttpError(429, `Too many requests in flight from your address: the gateway serves at most ${clients.maxInFlight} at once per client. Retry after 1 s.`, {
          'retry-after': '1',
        });
      }
      ctx.onFinish(() => holds.requests.release(client));
      if (ctx.upgrade === null) return;
      if (!holds.webSockets.tryAcquire(client, clients.maxWebSockets)) {
        metrics?.refused(ctx.routeTemplate, 'open_websockets');
        throw new GatewayHttpError(429, `Too many WebSockets open from your address: the gateway tunnels at most ${clients.maxWebSockets} at once per client. Close one, then connect again.`, {
          'retry-after': '1',
        });
      }
      const socket = ctx.upgrade.socket;
      // Already gone (its 'close' may have fired): the handshake will fail, and the slot is free again.
      if (socket.destroyed) holds.webSockets.release(client);
      else socket.once('close', () => holds.webSockets.release(client));
    },
  };
}
