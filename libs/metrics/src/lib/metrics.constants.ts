/** Nest injection token of the app's prom-client `Registry` (provided by `MetricsModule.forRoot`). */
export const METRICS_REGISTRY = Symbol('METRICS_REGISTRY');

/** The port `MetricsModule.forRoot({ port })` serves `/metrics` on (internal to this lib). */
export const METRICS_SERVER_PORT = Symbol('METRICS_SERVER_PORT');

/** Where Prometheus scrapes (the exposition format's conventional path). */
export const METRICS_PATH = '/metrics';
