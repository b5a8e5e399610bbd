import type { IncomingHttpHeaders, ServerResponse } from 'node:http';
import { applyCorsDecision } from '../evaluate/apply-cors-decision';
import type { CorsDecision } from '../evaluate/cors-decision';
import type { CorsEngine } from './cors-engine';

/** Minimal shapes of what the hooks touch; no adapter package is imported. */
interface NodeRequest {
  method?: string;
  url?: string;
  originalUrl?: string;
  headers: IncomingHttpHeaders;
}
interface FastifyRequestLike {
  readonly raw: NodeRequest;
  readonly headers: IncomingHttpHeaders;
}
interface FastifyReplyLike {
  readonly raw: ServerResponse;
  code(status: number): FastifyReplyLike;
  type(contentType: string): FastifyReplyLike;
  send(body?: string): unknown;
}

function body(d: CorsDecision): string {
  // Strict mode (issue 3): say why, for curl users and network logs.
  return d.status === 403 && d.rejection !== null ? `CORS preflight refused: ${d.rejection.message}` : '';
}

/** Express / Node middleware; installed first in the app's router stack. */
export function expressCorsMiddleware(engine: CorsEngine) {
  return function corsway(req: NodeRequest, res: ServerResponse, next: () => void): void {
    const d = engine.decide(req.method ?? 'GET', req.originalUrl ?? req.url ?? '/', req.headers);
    if (d !== null) {
      applyCorsDecision(d, res);
      if (d.kind === 'preflight') {
        const text = body(d);
        res.statusCode = d.status as number;
        if (text) res.setHeader('Content-Type', 'text/plain; charset=utf-8');
        res.setHeader('Content-Length', Buffer.byteLength(text));
        res.end(text);
        return;
      }
    }
    next();
  };
}

/**
 * Fastify `onRequest` hook: runs before body parsing, middie (Nest
 * middleware), guards and the route handler. Headers go on the raw response,
 * not on the reply: a Nest middleware may end the raw response itself, and
 * Fastify merges raw headers into every reply it sends (`reply.getHeader`
 * falls back to them, so appending to `Vary` keeps working).
 */
export function fastifyCorsHook(engine: CorsEngine) {
  return function corsway(request: FastifyRequestLike, reply: FastifyReplyLike, done: () => void): void {
    const d = engine.decide(request.raw.method ?? 'GET', request.raw.url ?? '/', request.headers);
    if (d !== null) {
      applyCorsDecision(d, reply.raw);
      if (d.kind === 'preflight') {
        const text = body(d);
        reply.code(d.status as number);
        if (text) reply.type('text/plain; charset=utf-8').send(text);
        else reply.send();
        return;
      }
    }
    done();
  };
}
