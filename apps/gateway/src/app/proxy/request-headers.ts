import { TRACEPARENT_HEADER, TRACESTATE_HEADER } from '@corsway/tracing';
import type { IncomingHttpHeaders } from 'node:http';
import type { ForwardedFacts } from '../forwarding/forwarded-for';
import type { RequestTrace } from '../tracing/request-trace';
import { connectionTokens, HOP_BY_HOP } from './hop-by-hop.headers';

/**
 * Headers sent upstream: the client's, minus hop-by-hop and Host, plus the
 * X-Forwarded-* trio as the client address stage resolved it (replaced for
 * untrusted peers, appended to behind trusted proxies:
 * forwarding/forwarded-for.ts) and the request id the gateway answers with.
 * The client's `traceparent` is not passed on: each upstream attempt sends
 * its own (proxy/upstream-call.ts); its `tracestate` goes on with the trace
 * it belongs to, never into a trace restarted here (W3C Trace Context §3.3).
 * `Expect: 100-continue` ends here too:
 * the body stage answered "100 Continue" to the client (RFC 9110 §10.1.1), and
 * undici refuses to send an Expect header (it was a 502 for every curl upload
 * over 1 MB).
 */
export function buildUpstreamHeaders(
  incoming: IncomingHttpHeaders,
  forwarded: ForwardedFacts,
  requestId: string,
  trace: RequestTrace,
): Record<string, string | string[]> {
  const named = connectionTokens(incoming['connection']);
  const out: Record<string, string | string[]> = {};
  for (const key in incoming) {
    if (HOP_BY_HOP.has(key) || key === 'host' || key === 'expect' || key.startsWith('x-forwarded-') || named?.has(key)) continue;
    if (key === TRACEPARENT_HEADER || (key === TRACESTATE_HEADER && !trace.continued)) continue;
    const value = incoming[key];
    if (value !== undefined) out[key] = value;
  }
  out['x-forwarded-for'] = forwarded.forwardedFor;
  out['x-forwarded-proto'] = forwarded.proto;
  if (forwarded.host !== undefined) out['x-forwarded-host'] = forwarded.host;
  out['x-request-id'] = requestId;
  return out;
}
