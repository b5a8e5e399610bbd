import { formatTraceParent, markFailed, newSpanId, newTraceId, parseTraceParent, SpanKind, type Span, type Tracing } from '@corsway/tracing';
import type { ServerResponse } from 'node:http';
import type { CompiledRoute } from '../routing/route-table';

/**
 * One request's place in a distributed trace (W3C Trace Context): the
 * client's trace when its `traceparent` is valid, else a trace started here.
 * Each upstream attempt is a new span of it, whose id the service gets as
 * its parent-id (§3.2.2.4). With tracing on, the gateway records a SERVER
 * span for the request and a CLIENT span per attempt; off, only the ids are
 * made (no span objects on the hot path).
 */
export class RequestTrace {
  private constructor(
    readonly traceId: string,
    /** The `sampled` flag the service gets (§3.2.2.5.1): the client's when tracing is off. */
    private readonly sampled: boolean,
    /** The client's traceparent was valid: its trace, and its tracestate, go on (§3.3). */
    readonly continued: boolean,
    private readonly method: string,
    private readonly tracing: Tracing,
    /** The request span; null when tracing is off, and once ended. */
    private span: Span | null,
  ) {}

  /** Accepts the client's `traceparent` or starts a trace (and, with tracing on, the request span). */
  static accept(header: string | string[] | undefined, tracing: Tracing, method: string, path: string, requestId: string): RequestTrace {
    const parent = parseTraceParent(header);
    if (!tracing.enabled) return new RequestTrace(parent?.traceId ?? newTraceId(), parent?.sampled ?? false, parent !== null, method, tracing, null);
    const span = tracing.startServerSpan(method, parent, { 'http.request.method': method, 'url.path': path, 'request.id': requestId }) as Span;
    const own = span.spanContext();
    return new RequestTrace(own.traceId, (own.traceFlags & 1) === 1, parent !== null, method, tracing, span);
  }

  /** True when spans are recorded: the request span needs ending however the request ends. */
  get recording(): boolean {
    return this.span !== null;
  }

  /** Starts the span of one upstream attempt (`n` = 0 first, 1 the retry); null when tracing is off. */
  startAttempt(instance: string, path: string, n: number): Span | null {
    if (this.span === null) return null;
    const attributes: Record<string, string | number> = { 'http.request.method': this.method, 'url.full': instance + path, 'gateway.instance': instance };
    if (n > 0) attributes['http.request.resend_count'] = n;
    return this.tracing.startChildSpan(this.method, this.span, SpanKind.CLIENT, attributes);
  }

  /** The `traceparent` an attempt sends: version 00, the attempt's own span id as parent-id. */
  traceparentFor(attempt: Span | null): string {
    if (attempt === null) return formatTraceParent(this.traceId, newSpanId(), this.sampled);
    const own = attempt.spanContext();
    return formatTraceParent(own.traceId, own.spanId, (own.traceFlags & 1) === 1);
  }

  /** Ends the request span with the answer's status (the access log's), once. */
  end(status: number, route: CompiledRoute | null): void {
    const span = this.span;
    if (span === null) return;
    this.span = null;
    if (route !== null) {
      span.updateName(`${this.method} ${route.config.upstream}`);
      span.setAttribute('http.route', route.config.upstream);
      span.setAttribute('gateway.route', route.id);
    }
    span.setAttribute('http.response.status_code', status);
    // OpenTelemetry's HTTP conventions: a server span fails on 5xx only (4xx is the client's).
    if (status >= 500) markFailed(span, String(status));
    span.end();
  }

  /** Ends the request span of a request that ended without an answer being logged (client gone, response cut). */
  abandon(res: ServerResponse | null, route: CompiledRoute | null): void {
    const span = this.span;
    if (span === null) return;
    if (res?.headersSent) markFailed(span, 'response-incomplete');
    this.end(res?.headersSent ? res.statusCode : 499, route);
  }
}

/** An attempt got the service's status line. */
export function attemptAnswered(attempt: Span | null, status: number): void {
  attempt?.setAttribute('http.response.status_code', status);
}

/** Ends an attempt's span: `failure` names why it failed (upstream-failure.ts's kinds), null when the body was delivered. */
export function endAttempt(attempt: Span | null, failure: string | null, err?: unknown): void {
  if (attempt === null) return;
  if (failure !== null) markFailed(attempt, failure, err);
  attempt.end();
}
