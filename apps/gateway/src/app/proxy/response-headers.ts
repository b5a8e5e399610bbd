import { appendVary } from '@corsway/cors';
import type { HeaderTransform } from '../transforms/route-transforms';
import { connectionTokens, HOP_BY_HOP } from './hop-by-hop.headers';

/**
 * The client's response head, as one flat `[name, value, ...]` list for a
 * single `writeHead` (no per-header `setHeader` bookkeeping):
 *
 * - `edgeHead` first: the request id and the gateway's CORS headers. The
 *   gateway's policy is the only CORS authority, so every upstream
 *   `Access-Control-*` header is dropped (Ocelot #799), and so is the
 *   upstream's `X-Request-Id` (ours names the request in both logs).
 * - then the upstream's headers (undici's raw buffers, names as sent, read as
 *   latin1 so every byte passes unchanged), minus hop-by-hop ones and any the
 *   upstream's `Connection` header names (RFC 9110 §7.6.1), and minus any
 *   the route's `transforms.responseHeaders` set or remove; a 204 loses a
 *   `Content-Length` its service sent (RFC 9110 §8.6: never with 204), a 304
 *   keeps it (there it states what a 200 would have carried);
 * - the transform's `set` headers;
 * - `Vary` once: the edge's and the upstream's tokens merged, never
 *   overwritten (docs/ARCHITECTURE.md "CORS semantics").
 */
export function responseHead(
  edgeHead: readonly string[],
  rawHeaders: readonly Buffer[],
  transform: HeaderTransform | null = null,
  statusCode = 200,
): string[] {
  const upstream: string[] = [];
  let connection: string | undefined;
  let upstreamVary: string | null = null;
  for (let i = 0; i < rawHeaders.length; i += 2) {
    const name = rawHeaders[i].toString('latin1');
    const lower = name.toLowerCase();
    const value = rawHeaders[i + 1].toString('latin1');
    if (lower === 'connection') connection = connection === undefined ? value : `${connection}, ${value}`;
    if (HOP_BY_HOP.has(lower) || lower.startsWith('access-control-') || lower === 'x-request-id') continue;
    if (transform !== null && transform.drop.has(lower)) continue;
    if (statusCode === 204 && lower === 'content-length') continue;
    if (lower === 'vary') {
      upstreamVary = upstreamVary === null ? value : `${upstreamVary}, ${value}`;
      continue;
    }
    upstream.push(lower, value);
  }
  const named = connectionTokens(connection);
  const head: string[] = [];
  let vary: string | null = null;
  for (let i = 0; i < edgeHead.length; i += 2) {
    if (edgeHead[i].toLowerCase() === 'vary') vary = edgeHead[i + 1];
    else head.push(edgeHead[i], edgeHead[i + 1]);
  }
  for (let i = 0; i < upstream.length; i += 2) {
    if (named === null || !named.has(upstream[i])) head.push(upstream[i], upstream[i + 1]);
  }
  if (transform !== null) {
    // Indexed: a destructuring for-of runs the array iterator protocol on every answer.
    const set = transform.set;
    for (let i = 0; i < set.length; i++) head.push(set[i][0], set[i][1]);
  }
  if (upstreamVary !== null) vary = appendVary(vary ?? '', upstreamVary) ?? vary;
  if (vary !== null) head.push('vary', vary);
  return head;
}
