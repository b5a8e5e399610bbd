import type Consul from 'consul';
import type { DiscoveryLogger } from '../discovery.logger';
import type { ServiceRegistration } from '../register-service';
import { consulCall } from './consul-client';
import { backoffDelay, cancellableDelay, type BackoffOptions } from './backoff';

/** The agent registration body (Consul HTTP API, "Register Service" (PUT /v1/agent/service/register)), in the client's key style. */
export interface ConsulServiceDefinition {
  id: string;
  name: string;
  address: string;
  port: number;
  tags: string[];
  meta: Record<string, string>;
  check: { http: string; interval: string; timeout: string; deregistercriticalserviceafter: string };
}

/**
 * A service's own registration in the local Consul agent. Registration failures
 * never stop the service: the first attempt's outcome is awaited, then
 * failures are retried in the background with back-off and logged, while the
 * service keeps serving. `deregister()` is idempotent and also ends the retries.
 * A registration the agent lost (restart of a dev agent) is made again.
 */
export class ConsulRegistration implements ServiceRegistration {
  private registeredFlag = false;
  private ending: Promise<void> | undefined;
  private sleeping: { cancel(): void } | undefined;
  private attempt: Promise<boolean> | undefined;
  private retries: Promise<void> | undefined;
  private resyncTimer: NodeJS.Timeout | undefined;
  private resyncing: Promise<void> | undefined;

  constructor(
    private readonly consul: Consul,
    private readonly definition: ConsulServiceDefinition,
    private readonly consulUrl: string,
    private readonly backoff: BackoffOptions,
    private readonly logger: DiscoveryLogger,
    /** How often to check that the agent still lists us (0 = never). */
    private readonly resyncIntervalMs = 30_000,
  ) {}

  get id(): string {
    return this.definition.id;
  }

  /** True once Consul accepted the registration (and until `deregister()`). */
  get registered(): boolean {
    return this.registeredFlag;
  }

  /** First attempt; on failure keeps retrying in the background. Never rejects. */
  async begin(): Promise<void> {
    if (await this.tryRegister(1)) return this.scheduleResync();
    this.retries = this.retry();
  }

  deregister(): Promise<void> {
    this.ending ??= this.end();
    return this.ending;
  }

  private async retry(): Promise<void> {
    for (let attempt = 2; !this.ending; attempt += 1) {
      const sleep = cancellableDelay(backoffDelay(attempt - 1, this.backoff));
      this.sleeping = sleep;
      await sleep.promise;
      this.sleeping = undefined;
      if (this.ending) return;
      if (await this.tryRegister(attempt)) return this.scheduleResync();
    }
  }

  /**
   * Anti-entropy: a `consul agent -dev` (the compose stack's) keeps its state in
   * memory, so after an agent restart every service is gone and would stay gone.
   * Every `resyncIntervalMs` we ask the agent for its services
   * (`GET /v1/agent/services`) and register again when ours is missing.
   */
  private scheduleResync(): void {
    if (this.ending || this.resyncIntervalMs <= 0) return;
    this.resyncTimer = setTimeout(() => (this.resyncing = this.resync()), this.resyncIntervalMs);
    // Never keep a shutting-down process alive for a resync.
    this.resyncTimer.unref();
  }

  private async resync(): Promise<void> {
    let listed = true;
    try {
      const services = (await consulCall(this.consul.agent.service.list())) as Record<string, unknown> | undefined;
      listed = !!services && Object.prototype.hasOwnProperty.call(services, this.definition.id);
    } catch {
      // Agent unreachable: nothing to repair now; look again next round.
    }
    if (this.ending) return;
    if (listed) return this.scheduleResync();
    this.registeredFlag = false;
    this.logger.warn(`Consul at ${this.consulUrl} no longer lists ${this.definition.id} (agent restarted?); registering again`);
    if (await this.tryRegister(1)) return this.scheduleResync();
    this.retries = this.retry();
  }

  private async tryRegister(attempt: number): Promise<boolean> {
    this.attempt = consulCall(this.consul.agent.service.register(this.definition as never)).then(
      () => true,
      (error: Error) => {
        this.logger.warn(
          `registering ${this.definition.id} with Consul at ${this.consulUrl} failed (attempt ${attempt}: ${error.message}); ` +
            'the service keeps serving and retries with back-off',
        );
        return false;
      },
    );
    const ok = (await this.attempt) === true;
    this.attempt = undefined;
    if (ok) {
      this.registeredFlag = true;
      this.logger.log(`registered ${this.definition.id} (${this.definition.address}:${this.definition.port}) with Consul at ${this.consulUrl}`);
    }
    return ok;
  }

  private async end(): Promise<void> {
    this.sleeping?.cancel();
    clearTimeout(this.resyncTimer);
    // An attempt in flight may still succeed: wait for it so we do not leave a registration behind.
    await this.resyncing;
    await this.attempt;
    await this.retries;
    if (this.registeredFlag) {
      try {
        await consulCall(this.consul.agent.service.deregister(this.definition.id));
        this.logger.log(`deregistered ${this.definition.id} from Consul at ${this.consulUrl}`);
      } catch (error) {
        // Shutdown must go on; Consul reaps the instance after DeregisterCriticalServiceAfter anyway.
        this.logger.warn(`deregistering ${this.definition.id} from Consul at ${this.consulUrl} failed: ${(error as Error).message}`);
      }
      this.registeredFlag = false;
    }
    this.consul.destroy();
  }
}
