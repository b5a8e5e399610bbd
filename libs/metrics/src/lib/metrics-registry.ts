import { collectDefaultMetrics, Registry } from 'prom-client';

/**
 * A fresh prom-client `Registry` for one app: the process metrics
 * (`collectDefaultMetrics`: CPU, memory, event-loop lag, GC) plus whatever the
 * app registers, every series labelled `app="<app>"`.
 *
 * Never prom-client's global registry: two apps built in one process (the
 * test suites do that) would register the same metric names twice and throw.
 */
export function createMetricsRegistry(app: string): Registry {
  const register = new Registry();
  register.setDefaultLabels({ app });
  collectDefaultMetrics({ register });
  return register;
}
