import { TracingConfigError } from './tracing-config.error';

export const OTLP_ENDPOINT_VARIABLE = 'OTEL_EXPORTER_OTLP_ENDPOINT';

/**
 * Where spans are sent: `OTEL_EXPORTER_OTLP_ENDPOINT` is the base URL of an
 * OTLP/HTTP receiver, and the traces path is appended to it, after any path
 * it has (OpenTelemetry's OTLP exporter configuration: `http://host:4318` and
 * `http://host:4318/` both mean `http://host:4318/v1/traces`). Checked at
 * start-up, so a typo stops the app naming the variable instead of losing
 * every span.
 */
export function otlpTracesUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new TracingConfigError(OTLP_ENDPOINT_VARIABLE, `"${raw}" is not a URL; write it as "http://host:4318"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new TracingConfigError(OTLP_ENDPOINT_VARIABLE, `"${raw}" must use http or https (OTLP/HTTP)`);
  }
  if (url.search || url.hash) {
    throw new TracingConfigError(OTLP_ENDPOINT_VARIABLE, `"${raw}" must be the receiver's base URL, without query or fragment`);
  }
  return `${url.href.replace(/\/+$/, '')}/v1/traces`;
}
