import type { PipelineStage } from '../pipeline/pipeline-stage';
import { buildUpstreamHeaders } from '../proxy/request-headers';
import { protocolsWithoutToken } from '../auth/websocket-protocol-token';
import type { HeaderTransform } from './route-transforms';

/**
 * The request the service gets: the client's headers minus hop-by-hop ones,
 * plus X-Forwarded-* (as the client address stage resolved them) and the
 * request id (proxy/request-headers.ts), then the
 * route's `transforms.requestHeaders`. The route's `transforms.responseHeaders`
 * are kept for the proxy stage, which applies them to the service's answer.
 * A WebSocket handshake keeps its Upgrade (hop-by-hop, but it is the hop being
 * asked for, RFC 9110 §7.8); a token that came as a subprotocol is forwarded
 * as Authorization and taken out of the protocol list.
 */
export function transformsStage(): PipelineStage {
  return {
    name: 'transforms',
    run(ctx) {
      const { req } = ctx;
      const headers = buildUpstreamHeaders(req.headers, ctx.forwardedFacts, ctx.requestId, ctx.traced);
      if (ctx.upgrade !== null) {
        headers['connection'] = 'upgrade';
        headers['upgrade'] = 'websocket';
        if (ctx.protocolToken !== null) {
          headers['authorization'] = `Bearer ${ctx.protocolToken}`;
          const rest = protocolsWithoutToken(req.headers['sec-websocket-protocol']);
          if (rest === undefined) delete headers['sec-websocket-protocol'];
          else headers['sec-websocket-protocol'] = rest;
        }
      }
      const transforms = ctx.routed.config.transforms;
      if (transforms.requestHeaders !== null) applyToRequest(headers, transforms.requestHeaders);
      ctx.serviceHeaders = headers;
      ctx.responseTransform = transforms.responseHeaders;
    },
  };
}

function applyToRequest(headers: Record<string, string | string[]>, t: HeaderTransform): void {
  for (const name of t.drop) delete headers[name];
  const set = t.set;
  for (let i = 0; i < set.length; i++) headers[set[i][0]] = set[i][1];
}
