import type { IncomingHttpHeaders, ServerResponse } from 'node:http';
import { applyCorsDecision } from '../evaluate/apply-cors-decision';
import { writeForbidden, writePreflight } from '../evaluate/cors-response';
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
  hijack(): unknown;
}

/**
 * Applies the engine's decision for one request to a Node response: a
 * preflight is answered, and so is a request the policy's `enforceOrigin`
 * forbids (403) (returns true); otherwise the headers are set and the caller
 * goes on (returns false). A request its host already decided
 * (`CorsService.evaluate` in front of the framework) is left alone.
 */
export function corsOnNodeResponse(engine: CorsEngine, req: NodeRequest, url: string, res: ServerResponse): boolean {
  if (engine.wasDecided(req)) return false;
  const d = engine.decide(req.method ?? 'GET', url, req.headers);
  if (d === null) return false;
  if (d.kind === 'preflight') {
    writePreflight(d, res);
    return true;
  }
  if (d.forbidden === true) {
    writeForbidden(d, res);
    return true;
  }
  applyCorsDecision(d, res);
  return false;
}

/** Express / Node middleware; installed first in the app's router stack. */
export function expressCorsMiddleware(engine: CorsEngine) {
  return function corsway(req: NodeRequest, res: ServerResponse, next: () => void): void {
    if (!corsOnNodeResponse(engine, req, req.originalUrl ?? req.url ?? '/', res)) next();
  };
}

/**
 * Fastify `onRequest` hook: runs before body parsing, middie (Nest
 * middleware), guards and the route handler. Headers go on the raw response,
 * not on the reply: a Nest middleware may end the raw response itself, and
 * Fastify merges raw headers into every reply it sends (`reply.getHeader`
 * falls back to them, so appending to `Vary` keeps working). A preflight is
 * written by the same writer as everywhere else, on the raw response, after
 * `hijack()` tells Fastify the answer is not its to send.
 */
export function fastifyCorsHook(engine: CorsEngine) {
  return function corsway(request: FastifyRequestLike, reply: FastifyReplyLike, done: () => void): void {
    if (corsOnNodeResponse(engine, request.raw, request.raw.url ?? '/', reply.raw)) {
      reply.hijack();
      return;
    }
    done();
  };
}
