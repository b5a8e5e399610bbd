// Public API of @corsway/metrics (libs/metrics/README.md).
export { createMetricsRegistry } from './lib/metrics-registry';
export { metricsPortFrom } from './lib/metrics-port';
export { MetricsConfigError } from './lib/metrics-config.error';
export { METRICS_PATH, METRICS_REGISTRY } from './lib/metrics.constants';
export { MetricsModule, type MetricsModuleOptions } from './lib/metrics.module';
export { MetricsController } from './lib/metrics.controller';
export { MetricsServer } from './lib/metrics.server';
