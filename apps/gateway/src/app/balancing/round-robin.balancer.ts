import type { ServiceInstance } from '@corsway/discovery';
import type { InstanceHealthTracker } from './instance-health.tracker';

/**
 * Round-robin over the instances discovery knows, skipping ejected ones.
 * One counter per service, so services do not disturb each other's rotation.
 */
export class RoundRobinBalancer {
  private readonly counters = new Map<string, number>();

  constructor(private readonly health: InstanceHealthTracker) {}

  /** The next available instance not in `exclude`, or null when none is left. */
  pick(service: string, instances: readonly ServiceInstance[], exclude?: ReadonlySet<string>): ServiceInstance | null {
    const n = instances.length;
    if (n === 0) return null;
    const start = this.counters.get(service) ?? 0;
    this.counters.set(service, (start + 1) % 1_000_000_007);
    for (let i = 0; i < n; i++) {
      const candidate = instances[(start + i) % n];
      if (exclude?.has(candidate.url)) continue;
      if (this.health.isAvailable(candidate.url)) return candidate;
    }
    return null;
  }
}
