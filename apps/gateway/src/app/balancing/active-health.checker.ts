import { Pool } from 'undici';
import type { GatewayConfigStore } from '../config/gateway-config.store';
import type { GatewayLogger } from '../logging/gateway.logger';
import type { GatewayMetrics } from '../metrics/gateway.metrics';
import { closeDepartedPools, liveInstanceUrls, type PerInstanceState } from './departed-instances';
import type { InstanceHealthTracker } from './instance-health.tracker';

/**
 * Active health checks (`proxy.healthCheck`): every `intervalMs`, a
 * `GET <path>` to each instance of every routed service (and the key-set
 * service). An answer below 500 within `timeoutMs` puts an ejected instance
 * back at once, so a recovered instance serves again within one interval
 * instead of after a cool-down; a refused connection, a timeout or a 5xx
 * ejects it before a user's request finds out. Checks use their own one-
 * connection pool per instance: a saturated request pool must not read as a
 * dead instance, and checks must not queue behind user traffic.
 */
export class ActiveHealthChecker implements PerInstanceState {
  private readonly pools = new Map<string, Pool>();
  private timer: NodeJS.Timeout | null = null;
  private round: Promise<void> = Promise.resolve();
  private stopped = false;

  constructor(
    private readonly store: GatewayConfigStore,
    private readonly health: InstanceHealthTracker,
    private readonly logger: GatewayLogger,
    private readonly metrics: GatewayMetrics | null,
  ) {}

  start(): void {
    this.schedule();
  }

  /** One round of checks now (also what each tick runs). */
  checkAll(): Promise<void> {
    const compiled = this.store.current;
    const settings = compiled.config.proxy.healthCheck;
    if (settings === null) return Promise.resolve();
    const urls = liveInstanceUrls(compiled);
    this.round = Promise.all([...urls].map((url) => this.check(url, settings.path, settings.timeoutMs))).then(() => undefined);
    return this.round;
  }

  /** Closes the check pools of instances not in `live`. */
  retain(live: ReadonlySet<string>): void {
    closeDepartedPools(this.pools, live);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer !== null) clearTimeout(this.timer);
    await this.round.catch(() => undefined);
    const pools = [...this.pools.values()];
    this.pools.clear();
    await Promise.all(pools.map((p) => p.destroy()));
  }

  private schedule(): void {
    if (this.stopped) return;
    const settings = this.store.current.config.proxy.healthCheck;
    // Off in the running config: look again later, a reload may turn it on.
    const interval = settings?.intervalMs ?? 5_000;
    this.timer = setTimeout(() => {
      void this.checkAll().finally(() => this.schedule());
    }, interval);
    this.timer.unref();
  }

  private async check(url: string, path: string, timeoutMs: number): Promise<void> {
    let up: boolean;
    let why = '';
    try {
      const res = await this.pool(url).request({ method: 'GET', path, headersTimeout: timeoutMs, bodyTimeout: timeoutMs });
      await res.body.dump();
      up = res.statusCode < 500;
      if (!up) why = `status ${res.statusCode}`;
    } catch (err) {
      up = false;
      why = (err as { code?: string }).code ?? (err as Error).message;
    }
    if (this.stopped) return;
    this.metrics?.healthChecked(url, up);
    const wasEjected = this.health.isEjected(url);
    if (up) {
      this.health.recordSuccess(url);
      if (wasEjected) this.logger.info({ instance: url }, 'health check passed; instance back in rotation');
    } else {
      this.health.eject(url);
      if (!wasEjected) this.logger.warn({ instance: url, why }, `health check of ${path} failed; instance ejected`);
    }
  }

  private pool(url: string): Pool {
    let pool = this.pools.get(url);
    if (pool === undefined) {
      pool = new Pool(url, { connections: 1, keepAliveTimeout: 10_000, connectTimeout: 2_000 });
      this.pools.set(url, pool);
    }
    return pool;
  }
}
