import { METRICS_PATH } from '@corsway/metrics';

/**
 * Paths on a service that the edge never forwards to, whatever route would
 * render them. Every app serves its Prometheus text at `/metrics`
 * (libs/metrics) on its own port unless `METRICS_PORT` moves it, and a
 * catch-all route such as `/users/{everything}` -> `/{everything}` would
 * otherwise publish user-service's counters, pool use and process details to
 * anyone who asks the gateway for `/users/metrics` (README "Metrics and
 * traces": metrics are for the scraper inside the network, never proxied).
 *
 * `servicePath` is in the one accepted spelling (routing/path-spelling.ts has
 * already decoded `%6D` to `m`), and is compared case-insensitively: a
 * service whose router ignores case would serve `/METRICS` too.
 */
export function isServiceOnlyPath(servicePath: string): boolean {
  const query = servicePath.indexOf('?');
  const path = query === -1 ? servicePath : servicePath.slice(0, query);
  return path.length === METRICS_PATH.length && path.toLowerCase() === METRICS_PATH;
}
