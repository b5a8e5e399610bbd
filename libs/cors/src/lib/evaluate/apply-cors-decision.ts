import type { CorsDecision } from './cors-decision';

/**
 * Anything headers can be written to: Node's `ServerResponse` and Express's
 * `res` (`setHeader`/`getHeader`), or a Fastify `reply` (`header`/`getHeader`).
 */
export type CorsHeaderSink =
  | { setHeader(name: string, value: string): unknown; getHeader(name: string): unknown }
  | { header(name: string, value: string): unknown; getHeader(name: string): unknown };

/**
 * `existing` Vary with the tokens of `value` appended (RFC 9110 §12.5.5):
 * existing entries are kept, nothing is added twice (case-insensitive), and
 * `*` already covers everything. Returns `null` when nothing changes.
 * Proxies use it to merge an upstream `Vary` into the one CORS wrote.
 *
 * @example
 * ```ts
 * appendVary('Origin', 'Accept-Encoding, origin'); // 'Origin, Accept-Encoding'
 * ```
 */
export function appendVary(existing: unknown, value: string): string | null {
  const current = existing === undefined || existing === null ? '' : Array.isArray(existing) ? existing.join(', ') : String(existing);
  const have = current.split(',').map((t) => t.trim().toLowerCase()).filter(Boolean);
  if (have.includes('*')) return null;
  const add: string[] = [];
  for (const raw of value.split(',')) {
    const token = raw.trim();
    if (token === '' || have.includes(token.toLowerCase())) continue;
    have.push(token.toLowerCase());
    add.push(token);
  }
  if (add.length === 0) return null;
  return current.trim() === '' ? add.join(', ') : `${current}, ${add.join(', ')}`;
}

/** `Vary` with `Origin` appended; `null` when already covered. Fast path for the common empty case. */
export function appendVaryOrigin(existing: unknown): string | null {
  if (existing === undefined || existing === null || existing === '') return 'Origin';
  return appendVary(existing, 'Origin');
}

/**
 * Writes a {@link CorsDecision} to a response: its `Access-Control-*` headers,
 * and `Origin` appended to `Vary` (never overwriting it) when the answer
 * depends on the origin. The caller ends preflights with `decision.status`.
 *
 * @example
 * ```ts
 * // Node http
 * const d = evaluateCors(corsRequestFromHeaders(req.method!, req.headers), policy);
 * applyCorsDecision(d, res);
 * if (d.kind === 'preflight') { res.statusCode = d.status!; res.end(); }
 * // Fastify: applyCorsDecision(d, reply)
 * ```
 */
export function applyCorsDecision(decision: CorsDecision, sink: CorsHeaderSink): void {
  const headers = decision.headers;
  const node = 'setHeader' in sink;
  for (let i = 0; i < headers.length; i++) {
    if (node) sink.setHeader(headers[i][0], headers[i][1]);
    else sink.header(headers[i][0], headers[i][1]);
  }
  if (decision.varyOrigin) {
    const vary = appendVaryOrigin(sink.getHeader('vary'));
    if (vary === null) return;
    if (node) sink.setHeader('Vary', vary);
    else sink.header('Vary', vary);
  }
}
