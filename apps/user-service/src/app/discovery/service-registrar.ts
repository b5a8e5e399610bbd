import { registerService, type ServiceRegistration } from '@corsway/discovery';
import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';

export const SERVICE_NAME = 'user-service';
export const SERVICE_VERSION = '0.1.0';

/**
 * Registers this instance with service discovery once it listens (the real
 * port is only known then, so PORT=0 works) and deregisters on shutdown.
 * With static discovery both are no-ops (libs/discovery).
 */
@Injectable()
export class ServiceRegistrar implements OnApplicationShutdown {
  private readonly logger = new Logger('Discovery');
  private registration: ServiceRegistration | null = null;

  async register(port: number, env: Record<string, string | undefined> = process.env): Promise<void> {
    this.registration = await registerService({ name: SERVICE_NAME, port, version: SERVICE_VERSION }, env);
    if (this.registration.id) this.logger.log(`Registered as ${this.registration.id}`);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.registration?.deregister();
    this.registration = null;
  }
}
