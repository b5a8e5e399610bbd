import { markFailed, parseTraceParent, TRACEPARENT_HEADER, type Span, type Tracing } from '@corsway/tracing';
import type { FastifyInstance } from 'fastify';
import type { IncomingMessage } from 'node:http';

const SPAN = Symbol('request span');
const ENDED = Symbol('request span ended');
type TracedRequest = IncomingMessage & { [SPAN]?: Span; [ENDED]?: true };

// Probes and scrapes (Consul's and the image's /health checks, Prometheus's
// /metrics) come every few seconds and are not anyone's request: no traces.
const UNTRACED_ROUTE = /^\/(health(\/|$)|metrics$)/;

/**
 * A SERVER span for each request, a child of the caller's span when its
 * `traceparent` is valid (W3C Trace Context §3.2; the gateway sends one per
 * attempt), made active around the handler (Nest's guards, pipes and
 * controller), so the spans of the queries and password hashing it awaits
 * (persistence/traced-user.repository.ts, accounts/password.hasher.ts) hang
 * under it. Nothing is registered when tracing is off.
 */
export function traceRequests(fastify: FastifyInstance, tracing: Tracing): void {
  if (!tracing.enabled) return;
  fastify.addHook('onRequest', (request, _reply, done) => {
    const route = request.routeOptions.url;
    if (route === undefined || !UNTRACED_ROUTE.test(route)) {
      (request.raw as TracedRequest)[SPAN] = tracing.startServerSpan(
        route === undefined ? request.method : `${request.method} ${route}`,
        parseTraceParent(request.headers[TRACEPARENT_HEADER]),
        { 'http.request.method': request.method, 'http.route': route ?? '', 'request.id': request.id },
      ) as Span;
    }
    done();
  });
  // The handler runs inside done(), so every await in it continues in this span's context.
  fastify.addHook('preHandler', (request, _reply, done) => tracing.withSpan(spanOf(request.raw), done));
  fastify.addHook('onResponse', (request, reply, done) => {
    endSpan(request.raw, reply.statusCode);
    done();
  });
  fastify.addHook('onRequestAbort', (request, done) => {
    endSpan(request.raw, 499);
    done();
  });
}

/**
 * The trace id for the request's log lines: the request span's, else the
 * caller's valid traceparent's (tracing off), else none.
 */
export function traceIdOf(req: IncomingMessage): string | undefined {
  return spanOf(req)?.spanContext().traceId ?? parseTraceParent(req.headers[TRACEPARENT_HEADER])?.traceId;
}

function spanOf(req: IncomingMessage): Span | null {
  return (req as TracedRequest)[SPAN] ?? null;
}

function endSpan(req: IncomingMessage, status: number): void {
  const span = spanOf(req);
  // Once: an aborted request may still see onResponse. The span stays on the request for the log line's trace id.
  if (span === null || (req as TracedRequest)[ENDED]) return;
  (req as TracedRequest)[ENDED] = true;
  span.setAttribute('http.response.status_code', status);
  // OpenTelemetry's HTTP conventions: a server span fails on 5xx only.
  if (status >= 500) markFailed(span, String(status));
  span.end();
}
