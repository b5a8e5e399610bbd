import type { DiscoveryStatus, ServiceDiscoveryProvider } from '@corsway/discovery';
import type { InstanceHealthTracker } from '../balancing/instance-health.tracker';
import type { UpstreamPools } from '../proxy/upstream.pools';

export interface ServiceReadiness {
  readonly instances: number;
  readonly up: number;
  readonly ejected: number;
}

export interface Readiness {
  readonly ready: boolean;
  readonly discovery: DiscoveryStatus;
  readonly services: Record<string, ServiceReadiness>;
}

const PROBE_TIMEOUT_MS = 2_000;

/**
 * `/health/ready`: ready when discovery is healthy and every routed service has
 * at least one instance that is not ejected and answers its `GET /health`
 * with a non-5xx status. Probes run off the hot path, through the same pools.
 */
export async function probeReadiness(
  services: readonly string[],
  discovery: ServiceDiscoveryProvider,
  health: InstanceHealthTracker,
  pools: UpstreamPools,
): Promise<Readiness> {
  const entries = await Promise.all(
    services.map(async (service): Promise<[string, ServiceReadiness]> => {
      const instances = discovery.getInstances(service);
      const results = await Promise.all(instances.map((i) => (health.isEjected(i.url) ? Promise.resolve(false) : probe(pools, i.url))));
      return [service, { instances: instances.length, up: results.filter(Boolean).length, ejected: instances.filter((i) => health.isEjected(i.url)).length }];
    }),
  );
  const status = discovery.status();
  return {
    ready: status.healthy && entries.every(([, r]) => r.up > 0),
    discovery: status,
    services: Object.fromEntries(entries),
  };
}

async function probe(pools: UpstreamPools, url: string): Promise<boolean> {
  try {
    const res = await pools.get(url).request({ method: 'GET', path: '/health', headersTimeout: PROBE_TIMEOUT_MS, bodyTimeout: PROBE_TIMEOUT_MS });
    await res.body.dump();
    return res.statusCode < 500;
  } catch {
    return false;
  }
}
