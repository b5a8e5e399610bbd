export { SpanKind, type Attributes, type Span } from '@opentelemetry/api';
export { OTLP_ENDPOINT_VARIABLE, otlpTracesUrl } from './lib/otlp-endpoint';
export { startTracing, type TracingOptions } from './lib/start-tracing';
export { newSpanId, newTraceId } from './lib/trace-ids';
export { formatTraceParent, parseTraceParent, TRACEPARENT_HEADER, TRACESTATE_HEADER, type TraceParent } from './lib/traceparent';
export { markFailed, Tracing } from './lib/tracing';
export { TracingConfigError } from './lib/tracing-config.error';
