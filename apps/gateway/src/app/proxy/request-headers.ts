import type { IncomingHttpHeaders } from 'node:http';
import { connectionTokens, HOP_BY_HOP } from './hop-by-hop.headers';

export interface ForwardContext {
  readonly clientIp: string;
  readonly proto: string;
  readonly requestId: string;
}

/**
 * Headers sent upstream: the client's, minus hop-by-hop and Host, plus the
 * X-Forwarded-* trio (appending to an existing X-Forwarded-For chain) and the
 * request id the gateway answers with. `Expect: 100-continue` ends here too:
 * Node already answered "100 Continue" to the client (RFC 9110 §10.1.1), and
 * undici refuses to send an Expect header (it was a 502 for every curl upload
 * over 1 MB).
 */
export function buildUpstreamHeaders(incoming: IncomingHttpHeaders, ctx: ForwardContext): Record<string, string | string[]> {
  const named = connectionTokens(incoming['connection']);
  const out: Record<string, string | string[]> = {};
  for (const key in incoming) {
    if (HOP_BY_HOP.has(key) || key === 'host' || key === 'expect' || named?.has(key)) continue;
    const value = incoming[key];
    if (value !== undefined) out[key] = value;
  }
  const prior = incoming['x-forwarded-for'];
  const priorChain = Array.isArray(prior) ? prior.join(', ') : prior;
  out['x-forwarded-for'] = priorChain ? `${priorChain}, ${ctx.clientIp}` : ctx.clientIp;
  out['x-forwarded-proto'] = ctx.proto;
  if (incoming.host) out['x-forwarded-host'] = incoming.host;
  out['x-request-id'] = ctx.requestId;
  return out;
}
