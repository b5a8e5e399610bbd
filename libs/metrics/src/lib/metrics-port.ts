import { MetricsConfigError } from './metrics-config.error';

/**
 * Reads `METRICS_PORT`: unset or empty means undefined (serve `/metrics` on
 * the app's own port); an integer 0-65535 means a separate listener on that
 * port (0: any free port, for tests). Anything else stops start-up with a
 * `MetricsConfigError` naming METRICS_PORT and what a valid value looks like.
 */
export function metricsPortFrom(env: NodeJS.ProcessEnv): number | undefined {
  const raw = env['METRICS_PORT'];
  if (raw === undefined || raw.trim() === '') return undefined;
  const port = Number(raw.trim());
  if (!/^\d+$/.test(raw.trim()) || port > 65535)
    throw new MetricsConfigError(
      'METRICS_PORT',
      `must be a port number from 0 to 65535 (0 = any free port), or unset to serve /metrics on the app's own port; got "${raw}"`,
    );
  return port;
}
