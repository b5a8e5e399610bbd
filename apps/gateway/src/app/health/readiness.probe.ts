import type { DiscoveryStatus, ServiceDiscoveryProvider } from '@corsway/discovery';
import type { InstanceHealthTracker } from '../balancing/instance-health.tracker';

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

/** Whether one instance (base URL) answers its `GET /health`; see health.controller.ts. */
export type InstanceProbe = (instanceUrl: string) => Promise<boolean>;

/**
 * `/health/ready`: ready when discovery is healthy and every routed service has
 * at least one instance that is not ejected and passes `probe`.
 */
export async function probeReadiness(
  services: readonly string[],
  discovery: ServiceDiscoveryProvider,
  health: InstanceHealthTracker,
  probe: InstanceProbe,
): Promise<Readiness> {
  const entries = await Promise.all(
    services.map(async (service): Promise<[string, ServiceReadiness]> => {
      const instances = discovery.getInstances(service);
      const results = await Promise.all(instances.map((i) => (health.isEjected(i.url) ? Promise.resolve(false) : probe(i.url))));
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
