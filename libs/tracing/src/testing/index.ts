// Test helpers of @corsway/tracing; not part of the library's runtime barrel.
export { OtlpReceiver, type OtlpResourceSpans, type ReceivedSpan } from './otlp-receiver';
