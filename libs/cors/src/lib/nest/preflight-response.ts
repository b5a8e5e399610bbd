import type { ServerResponse } from 'node:http';
import { applyCorsDecision } from '../evaluate/apply-cors-decision';
import type { CorsDecision } from '../evaluate/cors-decision';

const TEXT = 'text/plain; charset=utf-8';

/** Strict mode (issue 3) says why a preflight was refused, for curl users and network logs; otherwise no body. */
export function preflightBody(d: CorsDecision): string {
  return d.status === 403 && d.rejection !== null ? `CORS preflight refused: ${d.rejection.message}` : '';
}

/**
 * Ends a preflight on a Node response that may already carry headers (the
 * Express middleware): the decision's headers through `applyCorsDecision`,
 * so an existing `Vary` is appended to, never replaced. A 204 carries no
 * Content-Length (RFC 9110 §8.6: a server MUST NOT send one with 204).
 */
export function endPreflight(d: CorsDecision, res: ServerResponse): void {
  applyCorsDecision(d, res);
  const text = preflightBody(d);
  res.statusCode = d.status as number;
  if (d.status !== 204) {
    if (text) res.setHeader('Content-Type', TEXT);
    res.setHeader('Content-Length', Buffer.byteLength(text));
  }
  res.end(text);
}

// Decisions for listed origins are frozen and shared (compileCorsPolicy), so
// their header block is built once; per-request decisions are not cached.
const heads = new WeakMap<CorsDecision, readonly string[]>();

/**
 * The decision's headers, `Vary: Origin` included when the answer depends on
 * the origin, as the flat `[name, value, ...]` list `writeHead` takes.
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
 * Writes a whole preflight answer on a fresh Node response in one
 * `writeHead`: no per-header `setHeader` bookkeeping (issue 8: this is the
 * difference between a bare `http` server and one that sets headers one by
 * one). `extra` headers (a request id) come first.
 */
export function writePreflight(d: CorsDecision, res: ServerResponse, extra?: Readonly<Record<string, string>>): void {
  const text = preflightBody(d);
  let head = corsHeaderList(d);
  if (extra !== undefined || d.status !== 204) {
    const all: string[] = [];
    for (const name in extra) all.push(name, extra[name]);
    for (let i = 0; i < head.length; i++) all.push(head[i]);
    if (d.status !== 204) {
      if (text) all.push('Content-Type', TEXT);
      all.push('Content-Length', String(Buffer.byteLength(text)));
    }
    head = all;
  }
  res.writeHead(d.status as number, head as string[]);
  res.end(text);
}
