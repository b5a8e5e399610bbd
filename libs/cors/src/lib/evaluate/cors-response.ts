import type { ServerResponse } from 'node:http';
import { appendVaryOrigin } from './apply-cors-decision';
import type { CorsDecision } from './cors-decision';

const TEXT = 'text/plain; charset=utf-8';
const NO_HEADERS: readonly string[] = Object.freeze([]);

/** Strict mode says why a preflight was refused, for curl users and network logs; otherwise no body. */
export function preflightBody(d: CorsDecision): string {
  return d.status === 403 && d.rejection !== null ? `CORS preflight refused: ${d.rejection.message}` : '';
}

// Decisions for listed origins are frozen and shared (compileCorsPolicy), so
// their header block is built once; per-request decisions are not cached.
const heads = new WeakMap<CorsDecision, readonly string[]>();

/**
 * The decision's response headers, `Vary: Origin` included when the answer
 * depends on the origin, as the flat `[name, value, ...]` list `writeHead`
 * takes: the half of the seam a host that writes its own response head uses
 * (the gateway puts it into every answer's head, errors included).
 */
export function corsHeaderList(d: CorsDecision): readonly string[] {
  const cached = heads.get(d);
  if (cached !== undefined) return cached;
  const flat: string[] = [];
  for (const [name, value] of d.headers) flat.push(name, value);
  if (d.varyOrigin) flat.push('Vary', 'Origin');
  if (Object.isFrozen(d)) heads.set(d, Object.freeze(flat));
  return flat;
}

/**
 * The one preflight writer: answers a preflight decision on a Node response
 * in a single `writeHead` (204, or 403 with the reason in strict mode), with
 * `extraHead` (a request id, as `[name, value, ...]`) in front. Used by the
 * Express middleware, the Fastify hook, the early-preflight listener,
 * `CorsService` and the gateway.
 *
 * - A 204 carries no Content-Length (RFC 9110 §8.6: a server MUST NOT send
 *   one with 204).
 * - Headers already set on `res` (Express's `X-Powered-By`, a `Vary` from an
 *   earlier hook) are kept; `writeHead` would replace a set `Vary` with ours,
 *   so an existing one gets `Origin` appended instead (RFC 9110 §12.5.5).
 */
export function writePreflight(d: CorsDecision, res: ServerResponse, extraHead: readonly string[] = NO_HEADERS): void {
  const text = preflightBody(d);
  const cors = corsHeaderList(d);
  let head = cors;
  const priorVary = d.varyOrigin ? res.getHeader('vary') : undefined;
  if (extraHead.length > 0 || d.status !== 204 || priorVary !== undefined) {
    const all: string[] = extraHead.slice();
    for (let i = 0; i < cors.length; i += 2) {
      if (priorVary !== undefined && cors[i] === 'Vary') all.push('Vary', appendVaryOrigin(priorVary) ?? String(priorVary));
      else all.push(cors[i], cors[i + 1]);
    }
    if (d.status !== 204) {
      if (text) all.push('Content-Type', TEXT);
      all.push('Content-Length', String(Buffer.byteLength(text)));
    }
    head = all;
  }
  res.writeHead(d.status as number, head as string[]);
  res.end(text);
}

/**
 * Refuses a request its policy's `enforceOrigin` forbids: 403 with a JSON
 * body in Nest's own error shape (`{statusCode, error, message}`), ending
 * the response before any guard or handler runs. The gateway writes its
 * envelope instead (it has its own one writer of errors).
 */
export function writeForbidden(d: CorsDecision, res: ServerResponse, extraHead: readonly string[] = NO_HEADERS): void {
  const body = JSON.stringify({ statusCode: 403, error: 'Forbidden', message: `Cross-origin request refused: ${d.rejection?.message ?? 'origin not allowed'}.` });
  const head = extraHead.slice();
  const cors = corsHeaderList(d);
  for (let i = 0; i < cors.length; i++) head.push(cors[i]);
  head.push('Content-Type', 'application/json; charset=utf-8', 'Content-Length', String(Buffer.byteLength(body)));
  res.writeHead(403, head);
  res.end(body);
}
