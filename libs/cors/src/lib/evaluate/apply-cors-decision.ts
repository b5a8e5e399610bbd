import type { CorsDecision } from './cors-decision';

/**
 * Anything headers can be written to: Node's `ServerResponse` and Express's
 * `res` (`setHeader`/`getHeader`), or a Fastify `reply` (`header`/`getHeader`).
 */
export type CorsHeaderSink =
  | { setHeader(name: string, value: string): unknown; getHeader(name: string): unknown }
  | { header(name: string, value: string): unknown; getHeader(name: string): unknown };

/**
 * `Vary` value with `Origin` appended (RFC 9110 §12.5.5): existing entries
 * are kept, nothing is added twice, and `*` already covers it.
 */
export function appendVaryOrigin(existing: unknown): string | null {
  if (existing === undefined || existing === null || existing === '') return 'Origin';
  const current = Array.isArray(existing) ? existing.join(', ') : String(existing);
  for (const part of current.split(',')) {
    const t = part.trim().toLowerCase();
    if (t === 'origin' || t === '*') return null;
  }
  return `${current}, Origin`;
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
