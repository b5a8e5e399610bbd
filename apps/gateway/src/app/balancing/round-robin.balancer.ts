import type { ServiceInstance } from '@corsway/discovery';
import type { InstanceHealthTracker } from './instance-health.tracker';

/**
 * Round-robin over the instances discovery knows, skipping ejected ones.
 * One counter per service, so services do not disturb each other's rotation.
 *
 * Panic rule (Envoy's "panic threshold" at its extreme): when every instance
 * of a service is ejected, the balancer still picks one, round-robin, instead
 * of answering 503 without trying. An ejection is a guess from past failures;
 * with all of them out, trying is the only way to find out that one is back
 * (a restarted sole instance serves its first request at once, not after a
 * cool-down).
 */
export class RoundRobinBalancer {
  private readonly counters = new Map<string, number>();
  private readonly panicking = new Set<string>();

  constructor(
    private readonly health: InstanceHealthTracker,
    private readonly onPanic?: (service: string, panicking: boolean) => void,
  ) {}

  /** The next available instance not in `exclude`; an ejected one when all are ejected; null when none is left. */
  pick(service: string, instances: readonly ServiceInstance[], exclude?: ReadonlySet<string>): ServiceInstance | null {
    const n = instances.length;
    if (n === 0) return null;
    const start = this.counters.get(service) ?? 0;
    this.counters.set(service, (start + 1) % 1_000_000_007);
    let fallback: ServiceInstance | null = null;
    for (let i = 0; i < n; i++) {
      const candidate = instances[(start + i) % n];
      if (exclude?.has(candidate.url)) continue;
      if (this.health.isAvailable(candidate.url)) {
        if (this.panicking.delete(service)) this.onPanic?.(service, false);
        return candidate;
      }
      fallback ??= candidate;
    }
    if (fallback !== null && !this.panicking.has(service)) {
      this.panicking.add(service);
      this.onPanic?.(service, true);
    }
    return fallback;
  }
}
