import { type Attributes, context, type Context, ROOT_CONTEXT, type Span, SpanKind, SpanStatusCode, trace, TraceFlags, type Tracer } from '@opentelemetry/api';
import { ATTR_ERROR_TYPE } from '@opentelemetry/semantic-conventions';
import type { TraceParent } from './traceparent';

/**
 * An app's tracing: spans recorded and exported (startTracing with
 * OTEL_EXPORTER_OTLP_ENDPOINT set), or off (`Tracing.off`). Off, every method
 * returns at once without creating a span object: callers write one code
 * path and pay nothing for it when no exporter is configured.
 */
export class Tracing {
  /** No provider, no exporter, no spans. */
  static readonly off = new Tracing(null, async () => undefined, async () => undefined);

  readonly enabled: boolean;

  constructor(
    private readonly tracer: Tracer | null,
    private readonly flushSpans: () => Promise<void>,
    private readonly stop: () => Promise<void>,
  ) {
    this.enabled = tracer !== null;
  }

  /**
   * The span of one incoming request (kind SERVER): a child of the caller's
   * span when `parent` is its valid traceparent, else the root of a new
   * trace. `null` when tracing is off.
   */
  startServerSpan(name: string, parent: TraceParent | null, attributes?: Attributes): Span | null {
    if (this.tracer === null) return null;
    return this.tracer.startSpan(name, { kind: SpanKind.SERVER, attributes }, remoteParent(parent));
  }

  /** A child of `parent` (kind CLIENT for a call to another service); `null` when tracing is off or there is no parent. */
  startChildSpan(name: string, parent: Span | null, kind: SpanKind = SpanKind.INTERNAL, attributes?: Attributes): Span | null {
    if (this.tracer === null || parent === null) return null;
    return this.tracer.startSpan(name, { kind, attributes }, trace.setSpan(ROOT_CONTEXT, parent));
  }

  /** Runs `fn` with `span` active, so child spans made inside it (across awaits) hang under it. */
  withSpan<T>(span: Span | null, fn: () => T): T {
    return span === null ? fn() : context.with(trace.setSpan(context.active(), span), fn);
  }

  /** Runs `fn` in a child span of the active span (see {@link bindChild}). */
  inChildSpan<T>(name: string, fn: () => Promise<T>, attributes?: Attributes): Promise<T> {
    return this.bindChild(name, fn, attributes)();
  }

  /**
   * `fn`, bound now to a child of the span active now, to run now or later;
   * the child starts when `fn` runs and ends when its promise settles (a
   * rejection marks it failed). Work that waits in a queue runs from whatever
   * async context freed its slot, so its parent must be taken when it is
   * queued. Without an active span (start-up work) or with tracing off, `fn`
   * itself is returned: no orphan root spans.
   */
  bindChild<T>(name: string, fn: () => Promise<T>, attributes?: Attributes): () => Promise<T> {
    const tracer = this.tracer;
    if (tracer === null) return fn;
    const parent = context.active();
    if (trace.getSpan(parent) === undefined) return fn;
    return () => {
      const span = tracer.startSpan(name, { attributes }, parent);
      return context.with(trace.setSpan(parent, span), fn).then(
        (value) => {
          span.end();
          return value;
        },
        (error: unknown) => {
          markFailed(span, error instanceof Error ? error.name : 'error', error);
          span.end();
          throw error;
        },
      );
    };
  }

  /** Exports the spans ended so far (tests read the receiver after this). */
  flush(): Promise<void> {
    return this.flushSpans();
  }

  /** Exports what is left and stops the exporter: an app's close. */
  shutdown(): Promise<void> {
    return this.stop();
  }
}

/** Marks `span` failed: `error.type` (OpenTelemetry's semantic conventions) and status ERROR. */
export function markFailed(span: Span | null, errorType: string, error?: unknown): void {
  if (span === null) return;
  span.setAttribute(ATTR_ERROR_TYPE, errorType);
  if (error instanceof Error) span.recordException(error);
  span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : undefined });
}

/** The caller's span as a parent context (W3C Trace Context §3.2: parent-id is the caller's span id). */
function remoteParent(parent: TraceParent | null): Context {
  if (parent === null) return ROOT_CONTEXT;
  return trace.setSpanContext(ROOT_CONTEXT, {
    traceId: parent.traceId,
    spanId: parent.parentId,
    traceFlags: parent.sampled ? TraceFlags.SAMPLED : TraceFlags.NONE,
    isRemote: true,
  });
}
