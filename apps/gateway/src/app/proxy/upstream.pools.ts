import { Pool, type Dispatcher } from 'undici';
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
  /** Pools whose last dispatch was queued (undici said "busy"), until their 'drain'. */
  private readonly busy = new WeakSet<Pool>();

  constructor(private connections: number) {}

  configure(connections: number): void {
    this.connections = connections;
  }

  get(origin: string): Pool {
    const known = this.pools.get(origin);
    if (known !== undefined) return known;
    const pool = new Pool(origin, {
      connections: this.connections,
      keepAliveTimeout: 30_000,
      connectTimeout: 5_000,
    });
    pool.on('drain', () => this.busy.delete(pool));
    this.pools.set(origin, pool);
    return pool;
  }

  /** Hands `handler` to the instance's pool; remembers when undici queued it (no free connection). */
  dispatch(origin: string, options: Dispatcher.DispatchOptions, handler: Dispatcher.DispatchHandler): void {
    const pool = this.get(origin);
    if (!pool.dispatch(options, handler)) this.busy.add(pool);
  }

  /**
   * Requests waiting in the instance's pool for a connection: 0 unless the
   * pool is busy (so a request on an idle pool costs nothing more). Those
   * that gave up waiting are counted too: undici keeps them queued until a
   * connection frees, and only then lets them go.
   */
  waiting(origin: string): number {
    const pool = this.pools.get(origin);
    return pool !== undefined && this.busy.has(pool) ? pool.stats.queued : 0;
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
