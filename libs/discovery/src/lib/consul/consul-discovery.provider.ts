import { EventEmitter } from 'node:events';
import type Consul from 'consul';
import { defaultDiscoveryLogger, type DiscoveryLogger } from '../discovery.logger';
import type { ServiceDiscoveryProvider } from '../service-discovery.provider';
import type { DiscoveryStatus, ServiceInstance } from '../service-instance';
import { DEFAULT_BACKOFF, type BackoffOptions } from './backoff';
import { createConsulClient } from './consul-client';
import { parseDurationMs } from './consul-duration';
import { sameInstances } from './consul-health.mapper';
import { ConsulServiceWatch, type ConsulWatchListener, type ConsulWatchTuning } from './consul-service.watch';
import { parseConsulUrl } from './consul-url';

export interface ConsulDiscoveryOptions {
  /** Consul agent base URL, e.g. `http://127.0.0.1:8500`. */
  url: string;
  /** Services to watch from `start()`; others start on their first `getInstances`/`watch`. */
  services?: readonly string[];
  /** Blocking-query `wait` (default `30s`; Consul caps it at 10m). */
  wait?: string;
  /** Minimum ms between two queries of one service (default 1000). */
  minIntervalMs?: number;
  /** Back-off on errors (default 500 ms doubling to 30 s). */
  backoff?: Partial<BackoffOptions>;
  /** Upper bound of `start()`/`watch()` waiting for a first answer (default 5000 ms). */
  startTimeoutMs?: number;
  logger?: DiscoveryLogger;
  /** Field path used in config errors (default `discovery.consul.url`). */
  urlField?: string;
}

interface WatchState {
  readonly watch: ConsulServiceWatch;
  instances: readonly ServiceInstance[];
  answered: boolean;
  failing?: string;
}

/**
 * Resolves services through Consul's health endpoint with background blocking
 * queries. `getInstances` answers from memory only: the gateway never asks
 * Consul per request (Ocelot #299, #374). When Consul is unreachable the last
 * known healthy list is kept and `status()` reports `healthy: false` with the
 * reason, so /health/ready can say "serving a stale list".
 *
 * Events (for tests and metrics): `change` (service, instances) when a list
 * changes, `answer` (service, instances) after every successful query,
 * `failure` (service, error) after every failed one.
 */
export class ConsulDiscoveryProvider extends EventEmitter implements ServiceDiscoveryProvider {
  private readonly consul: Consul;
  private readonly endpointUrl: string;
  private readonly watches = new Map<string, WatchState>();
  private readonly initial: readonly string[];
  private readonly tuning: ConsulWatchTuning;
  private readonly startTimeoutMs: number;
  private readonly logger: DiscoveryLogger;
  private started = false;
  private stopped = false;
  private lastUpdated: number | undefined;

  constructor(options: ConsulDiscoveryOptions) {
    super();
    const endpoint = parseConsulUrl(options.url, options.urlField ?? 'discovery.consul.url');
    const wait = options.wait ?? '30s';
    this.tuning = {
      wait,
      waitMs: parseDurationMs(wait, 'discovery.consul.wait'),
      minIntervalMs: options.minIntervalMs ?? 1_000,
      backoff: { ...DEFAULT_BACKOFF, ...options.backoff },
    };
    this.consul = createConsulClient(endpoint);
    this.endpointUrl = endpoint.url;
    this.initial = [...new Set(options.services ?? [])];
    this.startTimeoutMs = options.startTimeoutMs ?? 5_000;
    this.logger = options.logger ?? defaultDiscoveryLogger('ConsulDiscovery');
  }

  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    await Promise.all(this.initial.map((service) => this.watch(service)));
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.all([...this.watches.values()].map((state) => state.watch.stop()));
    this.consul.destroy();
  }

  /**
   * Starts watching `service` (no-op when already watched) and resolves after its
   * first answer or failure, or after `startTimeoutMs`, whichever comes first.
   */
  async watch(service: string): Promise<void> {
    const state = this.ensureWatch(service);
    if (!state) return;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, this.startTimeoutMs)));
    await Promise.race([state.watch.firstResult, timeout]);
    clearTimeout(timer);
  }

  getInstances(service: string): readonly ServiceInstance[] {
    const state = this.watches.get(service);
    if (state) return state.instances;
    // Unknown name: start watching in the background and answer "none yet";
    // the request path must never wait on Consul.
    if (this.started) this.ensureWatch(service);
    return [];
  }

  knownServices(): readonly string[] {
    return [...this.watches].filter(([, state]) => state.answered).map(([service]) => service);
  }

  /** The services being watched, answered or not. */
  watchedServices(): readonly string[] {
    return [...this.watches.keys()];
  }

  status(): DiscoveryStatus {
    const failing = [...this.watches].filter(([, state]) => state.failing !== undefined);
    const lastError = failing.map(([service, state]) => `${service}: ${state.failing}`).join('; ');
    return {
      provider: 'consul',
      healthy: failing.length === 0,
      ...(lastError ? { lastError: `Consul at ${this.endpointUrl} unreachable or failing (${lastError}); serving the last known lists` } : {}),
      ...(this.lastUpdated !== undefined ? { lastUpdated: this.lastUpdated } : {}),
    };
  }

  private ensureWatch(service: string): WatchState | undefined {
    const existing = this.watches.get(service);
    if (existing || this.stopped) return existing;
    const state: WatchState = {
      watch: new ConsulServiceWatch(service, this.consul, this.tuning, this.listener),
      instances: [],
      answered: false,
    };
    this.watches.set(service, state);
    state.watch.start();
    return state;
  }

  private readonly listener: ConsulWatchListener = {
    onAnswer: (service, instances) => {
      const state = this.watches.get(service);
      if (!state) return;
      this.lastUpdated = Date.now();
      if (state.failing !== undefined) {
        this.logger.log(`Consul at ${this.endpointUrl} answers again; ${service} list refreshed`);
        state.failing = undefined;
      }
      const changed = !state.answered || !sameInstances(state.instances, instances);
      state.answered = true;
      if (changed) {
        state.instances = instances;
        this.logger.log(`${service}: ${instances.length} healthy instance(s) [${instances.map((i) => `${i.id}=${i.url}`).join(', ')}]`);
        this.emit('change', service, instances);
      }
      this.emit('answer', service, state.instances);
    },
    onFailure: (service, error, failures) => {
      const state = this.watches.get(service);
      if (!state) return;
      state.failing = error.message || error.name;
      // Log the first failure and then every tenth, so an outage is visible without flooding.
      if (failures === 1 || failures % 10 === 0) {
        this.logger.warn(
          `Consul at ${this.endpointUrl} failed for ${service} (${state.failing}, attempt ${failures}); ` +
            `keeping the last known ${state.instances.length} instance(s) and retrying with back-off`,
        );
      }
      this.emit('failure', service, error);
    },
  };
}
