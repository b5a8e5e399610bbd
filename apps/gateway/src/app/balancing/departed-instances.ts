import type { Pool } from 'undici';
import { calledServices, type CompiledGatewayConfig } from '../config/compiled-gateway.config';
import type { GatewayConfigStore } from '../config/gateway-config.store';

/** The base URL of every instance discovery reports now for a service the gateway calls. */
export function liveInstanceUrls(compiled: CompiledGatewayConfig): Set<string> {
  const urls = new Set<string>();
  for (const service of calledServices(compiled)) for (const instance of compiled.discovery.getInstances(service)) urls.add(instance.url);
  return urls;
}

/** Something that keeps state per instance URL and can drop the state of the ones not in `live`. */
export interface PerInstanceState {
  retain(live: ReadonlySet<string>): void;
}

/**
 * Drops what the gateway keeps per instance (connection pools, circuit-breaker
 * state, metrics series) once discovery no longer reports the instance. Under
 * Consul, instances come and go with every rolling deploy or rescheduled
 * container; kept, each departed one held its idle connections until they
 * timed out, and its pools and its series in `/metrics` for the life of the
 * process (about 50 KB a departed instance, docs/RELIABILITY.md). Runs every
 * `intervalMs`, so an instance that only flickers out of discovery between
 * two sweeps keeps its warm connections. An in-flight request to a departed
 * instance still finishes: pools are closed gracefully.
 */
export class DepartedInstances {
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly store: GatewayConfigStore,
    private readonly states: readonly PerInstanceState[],
    private readonly intervalMs = 30_000,
  ) {}

  start(): void {
    this.timer = setInterval(() => this.sweep(), this.intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
  }

  sweep(): void {
    const live = liveInstanceUrls(this.store.current);
    for (const state of this.states) state.retain(live);
  }
}

/** Closes and forgets the pools (by instance URL) of instances not in `live`; requests running on them finish first. */
export function closeDepartedPools(pools: Map<string, Pool>, live: ReadonlySet<string>): void {
  for (const [url, pool] of pools) {
    if (live.has(url)) continue;
    pools.delete(url);
    void pool.close().catch(() => pool.destroy());
  }
}
