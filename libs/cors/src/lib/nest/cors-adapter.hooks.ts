import type { IncomingHttpHeaders, ServerResponse } from 'node:http';
import { applyCorsDecision } from '../evaluate/apply-cors-decision';
import type { CorsEngine } from './cors-engine';
import { endPreflight, preflightBody } from './preflight-response';

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

/**
 * Applies the engine's decision for one request to a Node response: a
 * preflight is answered (returns true); otherwise the headers are set and the
 * caller goes on (returns false). Shared by the Express middleware and
 * `CorsService` (handlers on Node's own request/response).
 */
export function corsOnNodeResponse(engine: CorsEngine, method: string, url: string, headers: IncomingHttpHeaders, res: ServerResponse): boolean {
  const d = engine.decide(method, url, headers);
  if (d === null) return false;
  if (d.kind === 'preflight') {
    endPreflight(d, res);
    return true;
  }
  applyCorsDecision(d, res);
  return false;
}

/** Express / Node middleware; installed first in the app's router stack. */
export function expressCorsMiddleware(engine: CorsEngine) {
  return function corsway(req: NodeRequest, res: ServerResponse, next: () => void): void {
    if (!corsOnNodeResponse(engine, req.method ?? 'GET', req.originalUrl ?? req.url ?? '/', req.headers, res)) next();
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
        const text = preflightBody(d);
        reply.code(d.status as number);
        if (text) reply.type('text/plain; charset=utf-8').send(text);
        else reply.send();
        return;
      }
    }
    done();
  };
}
