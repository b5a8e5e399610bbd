import type { DiscoveryStatus, ServiceInstance } from './service-instance';

/**
 * Resolves service names to healthy instances.
 *
 * `getInstances` is called on the gateway's hot path, so it must answer from
 * memory: providers refresh in the background and never query their source per
 * request (Ocelot #299, #374).
 */
export interface ServiceDiscoveryProvider {
  /** Start background refresh; resolves once a first list is known (or the first attempt failed). */
  start(): Promise<void>;
  /** Stop background work; pending watches are cancelled. */
  stop(): Promise<void>;
  /** The last known healthy instances of `service` (empty when none are known). */
  getInstances(service: string): readonly ServiceInstance[];
  /** Service names this provider can resolve right now. */
  knownServices(): readonly string[];
  status(): DiscoveryStatus;
  /**
   * Start resolving `service` now (e.g. every service the gateway's routes name)
   * and resolve after its first answer or a bounded timeout. Optional: providers
   * with a fixed list (static) have nothing to watch; the Consul provider also
   * starts a watch on the first `getInstances` of an unknown name.
   */
  watch?(service: string): Promise<void>;
}
