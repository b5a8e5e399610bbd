import type { CorsObserver, CorsRefusal } from '@corsway/cors';
import { Counter, type Registry } from 'prom-client';
import { CounterFamily, type CounterSeries, HistogramFamily, type HistogramSeries } from './metric-families';
import type { PerInstanceState } from '../balancing/departed-instances';
import { RefusedOriginLabels } from './refused-origin.labels';

/** `metrics` in the gateway config, validated (apps/gateway/README.md "Metrics"). */
export interface GatewayMetricsConfig {
  /** Off: no `/metrics`, nothing counted (the bench's "metrics off" row). */
  readonly enabled: boolean;
  /** Refused origins that always get their own `origin` label value. */
  readonly originLabels: readonly string[];
  /** How many other distinct refused origins get one; the rest count as `other`. */
  readonly maxOriginLabels: number;
}

/** Why the gateway itself refused a request before any service saw it. */
export type GatewayRefusal = 'rate_limit' | 'in_flight' | 'open_websockets';

// Methods as labels: a client can send any token, so only the registered ones are kept.
const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'CONNECT', 'TRACE']);
const STATUS_CLASSES = ['1xx', '2xx', '3xx', '4xx', '5xx', 'other'];
// Joins label values into a series key: no route template, method, policy or URL holds it.
const SEP = '\u0001';

/**
 * What one route records per request, found by one Map lookup on its
 * template: the config's own string, so its hash is computed once, where a
 * key joined per request would be hashed on every lookup.
 */
interface RouteSeries {
  readonly latency: HistogramSeries;
  /** method -> status class index -> series, made on first use. */
  readonly requests: Map<string, (CounterSeries | undefined)[]>;
}
// The gateway answers most requests in well under a millisecond: finer buckets than prom-client's defaults.
const LATENCY_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

const CORS_REFUSAL_HELP =
  'CORS requests a policy refused (the browser blocks the page), by policy, reason and origin (origins past metrics.maxOriginLabels count as "other"). ' +
  'The fix is a field of cors.policies.<policy> in the gateway config: origin-not-allowed -> add the origin to "origins"; ' +
  'method-not-allowed -> "methods"; header-not-allowed -> "headers"; credentials-not-allowed -> "credentials": true (with listed origins); ' +
  'private-network-not-allowed -> "privateNetwork": true; malformed-request -> the client sent an invalid CORS header. ' +
  '`corsway-cors explain --url <url> --origin <origin>` explains one request.';

/**
 * The gateway's Prometheus metrics (served by `/metrics`, libs/metrics).
 * Every label is bounded: routes and instances come from the config and
 * discovery (a departed instance's series are dropped: `retain`), methods from a fixed list, refused origins through
 * RefusedOriginLabels. What every request records (requests, latency,
 * upstream latency, preflights) is a Map lookup and an add (metric-families.ts);
 * the rest is prom-client's own counters.
 */
export class GatewayMetrics implements PerInstanceState {
  private readonly requests: CounterFamily<'route' | 'method' | 'status_class'>;
  private readonly latency: HistogramFamily<'route'>;
  private readonly upstreamLatency: HistogramFamily<'service' | 'instance'>;
  private readonly upstreamErrors: CounterFamily<'service' | 'instance' | 'kind'>;
  private readonly ejections: CounterFamily<'instance'>;
  private readonly healthChecks: CounterFamily<'instance' | 'result'>;
  private readonly refusals: Counter<'route' | 'limit'>;
  private readonly preflights: CounterFamily<'policy' | 'result'>;
  private readonly corsRefusals: Counter<'policy' | 'reason' | 'origin'>;
  private readonly origins: RefusedOriginLabels;
  private readonly byRoute = new Map<string, RouteSeries>();
  /** service -> instance URL -> latency series. */
  private readonly byInstance = new Map<string, Map<string, HistogramSeries>>();
  /** policy -> [allowed, refused]. */
  private readonly byPolicy = new Map<string, [CounterSeries, CounterSeries]>();

  /** What the CORS module tells (CorsModule option `observer`). */
  readonly cors: CorsObserver;

  constructor(registry: Registry, config: GatewayMetricsConfig) {
    const registers = [registry];
    this.requests = new CounterFamily(
      registry,
      'gateway_requests_total',
      'Requests answered by the gateway, by route (its upstream template; "-": no route matched), method and status class; preflights included.',
    );
    this.latency = new HistogramFamily(
      registry,
      'gateway_request_duration_seconds',
      'Time from the request reaching the gateway to its answer being complete, by route (its upstream template).',
      LATENCY_BUCKETS,
    );
    this.upstreamLatency = new HistogramFamily(
      registry,
      'gateway_upstream_duration_seconds',
      'Time from sending a request to an instance to its status line, per attempt, by service and instance.',
      LATENCY_BUCKETS,
    );
    // Families, not prom-client Counters: an instance's series go when the instance does (retain).
    this.upstreamErrors = new CounterFamily(
      registry,
      'gateway_upstream_errors_total',
      'Attempts that got no answer from an instance, by kind: connect (refused/unreachable), timeout (proxy.timeoutMs or the route timeoutMs), bad-response.',
    );
    this.ejections = new CounterFamily(
      registry,
      'gateway_instance_ejections_total',
      'Times an instance was taken out of rotation (connect failures, proxy.circuitBreaker.failureThreshold timeouts, failed health checks).',
    );
    this.healthChecks = new CounterFamily(
      registry,
      'gateway_health_checks_total',
      'Active health checks of instances (proxy.healthCheck), by result: up (status below 500) or down.',
    );
    this.refusals = new Counter({
      name: 'gateway_client_refusals_total',
      help: 'Requests answered 429 before reaching a service, by route and limit: rate_limit (routes[].rateLimit), in_flight (clients.maxInFlight) or open_websockets (clients.maxWebSockets).',
      labelNames: ['route', 'limit'],
      registers,
    });
    this.preflights = new CounterFamily(registry, 'gateway_cors_preflights_total', 'CORS preflights answered by the gateway, by policy and result (allowed, refused).');
    this.corsRefusals = new Counter({ name: 'gateway_cors_refusals_total', help: CORS_REFUSAL_HELP, labelNames: ['policy', 'reason', 'origin'], registers });
    this.origins = new RefusedOriginLabels(new Set(config.originLabels), config.maxOriginLabels);
    this.cors = {
      preflight: (policy, allowed) => {
        const pair = this.byPolicy.get(policy) ?? this.policySeries(policy);
        pair[allowed ? 0 : 1].value++;
      },
      refused: (r: CorsRefusal) => this.corsRefusals.inc({ policy: r.policy, reason: r.reason, origin: this.origins.label(r.origin) }),
    };
  }

  /** An answered request (a preflight, an envelope, a proxied answer, a WebSocket handshake). */
  answered(route: string, method: string, status: number, seconds: number): void {
    const series = this.byRoute.get(route) ?? this.routeSeries(route);
    series.latency.observe(seconds);
    this.requestCounter(series, route, method, status).value++;
  }

  /**
   * What `answered(route, 'OPTIONS', 204, s)` and the CORS observer's
   * `preflight(policy, true)` count, with the series looked up once: for the
   * preflight replay, which answers the same preflight many times.
   */
  grantedPreflight(route: string, policy: string): (seconds: number) => void {
    const series = this.byRoute.get(route) ?? this.routeSeries(route);
    const requests = this.requestCounter(series, route, 'OPTIONS', 204);
    const allowed = (this.byPolicy.get(policy) ?? this.policySeries(policy))[0];
    const latency = series.latency;
    return (seconds) => {
      latency.observe(seconds);
      requests.value++;
      allowed.value++;
    };
  }

  /** An instance sent a status line `seconds` after the attempt started. */
  upstreamAnswered(service: string, instance: string, seconds: number): void {
    let instances = this.byInstance.get(service);
    if (instances === undefined) this.byInstance.set(service, (instances = new Map()));
    let series = instances.get(instance);
    if (series === undefined) instances.set(instance, (series = this.upstreamLatency.create(service + SEP + instance, { service, instance })));
    series.observe(seconds);
  }

  private routeSeries(route: string): RouteSeries {
    const series = { latency: this.latency.create(route, { route }), requests: new Map() };
    this.byRoute.set(route, series);
    return series;
  }

  /** The gateway_requests_total series of `route`, `method` (unregistered ones: 'other') and `status`'s class, made on first use. */
  private requestCounter(series: RouteSeries, route: string, method: string, status: number): CounterSeries {
    const m = METHODS.has(method) ? method : 'other';
    let byClass = series.requests.get(m);
    if (byClass === undefined) series.requests.set(m, (byClass = []));
    const c = status >= 100 && status < 600 ? Math.floor(status / 100) - 1 : 5;
    const statusClass = STATUS_CLASSES[c];
    return (byClass[c] ??= this.requests.create(route + SEP + m + SEP + statusClass, { route, method: m, status_class: statusClass }));
  }

  private policySeries(policy: string): [CounterSeries, CounterSeries] {
    const pair: [CounterSeries, CounterSeries] = [
      this.preflights.create(policy + SEP + 'allowed', { policy, result: 'allowed' }),
      this.preflights.create(policy + SEP + 'refused', { policy, result: 'refused' }),
    ];
    this.byPolicy.set(policy, pair);
    return pair;
  }

  upstreamFailed(service: string, instance: string, kind: string): void {
    this.upstreamErrors.create(service + SEP + instance + SEP + kind, { service, instance, kind }).value++;
  }

  ejected(instance: string): void {
    this.ejections.create(instance, { instance }).value++;
  }

  healthChecked(instance: string, up: boolean): void {
    const result = up ? 'up' : 'down';
    this.healthChecks.create(instance + SEP + result, { instance, result }).value++;
  }

  /** Drops the series of instances not in `live` (balancing/departed-instances.ts): a departed instance's series end. */
  retain(live: ReadonlySet<string>): void {
    const keep = (labels: { readonly instance: string }) => live.has(labels.instance);
    for (const instances of this.byInstance.values()) for (const instance of instances.keys()) if (!live.has(instance)) instances.delete(instance);
    this.upstreamLatency.retainWhere(keep);
    this.upstreamErrors.retainWhere(keep);
    this.ejections.retainWhere(keep);
    this.healthChecks.retainWhere(keep);
  }

  refused(route: string, limit: GatewayRefusal): void {
    this.refusals.inc({ route, limit });
  }
}
