import { Pool } from 'undici';
import { closeDepartedPools, type PerInstanceState } from '../balancing/departed-instances';

/**
 * One keep-alive undici Pool per upstream instance (base URL). Pools outlive
 * config reloads: an instance that stays in the new config keeps its warm
 * connections, and in-flight requests on a removed one still finish. The pool
 * of an instance discovery no longer reports is closed by `retain`
 * (balancing/departed-instances.ts).
 */
export class UpstreamPools implements PerInstanceState {
  private readonly pools = new Map<string, Pool>();

  constructor(private connections: number) {}

  configure(connections: number): void {
    this.connections = connections;
  }

  get(origin: string): Pool {
    let pool = this.pools.get(origin);
    if (!pool) {
      pool = new Pool(origin, {
        connections: this.connections,
        keepAliveTimeout: 30_000,
        connectTimeout: 5_000,
      });
      this.pools.set(origin, pool);
    }
    return pool;
  }

  /** Closes the pools of instances not in `live`: requests running on them finish first. */
  retain(live: ReadonlySet<string>): void {
    closeDepartedPools(this.pools, live);
  }

  async close(): Promise<void> {
    const pools = [...this.pools.values()];
    this.pools.clear();
    await Promise.all(pools.map((p) => p.close().catch(() => p.destroy())));
  }
}
