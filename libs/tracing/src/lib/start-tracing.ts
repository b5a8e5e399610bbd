import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';
import { otlpTracesUrl } from './otlp-endpoint';
import { Tracing } from './tracing';

export interface TracingOptions {
  /** `service.name` of every span (the name Jaeger lists). */
  readonly serviceName: string;
  /** Where OTEL_EXPORTER_OTLP_ENDPOINT is read; the app's environment. */
  readonly env: Record<string, string | undefined>;
}

/**
 * Tracing for one app. With `OTEL_EXPORTER_OTLP_ENDPOINT` unset (or empty,
 * which OpenTelemetry's environment rules read as unset): `Tracing.off`, no
 * provider, no exporter. Set: a NodeTracerProvider whose BatchSpanProcessor
 * sends OTLP/HTTP JSON to `<endpoint>/v1/traces`, every span carrying
 * `service.name`. A value that is not an http(s) URL throws
 * TracingConfigError naming the variable, before the app listens.
 *
 * The provider is also registered as the API's global one (with the
 * AsyncLocalStorage context manager that `withSpan` relies on); the API's
 * globals are set once per process, so when tests run several apps in one
 * process, each app's spans still go through its own tracer, never the
 * global one.
 */
export function startTracing({ serviceName, env }: TracingOptions): Tracing {
  const endpoint = env['OTEL_EXPORTER_OTLP_ENDPOINT'];
  if (endpoint === undefined || endpoint.trim() === '') return Tracing.off;
  const exporter = new OTLPTraceExporter({ url: otlpTracesUrl(endpoint) });
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ [ATTR_SERVICE_NAME]: serviceName }),
    spanProcessors: [new BatchSpanProcessor(exporter)],
  });
  provider.register();
  return new Tracing(
    provider.getTracer(serviceName),
    () => provider.forceFlush(),
    () => provider.shutdown(),
  );
}
