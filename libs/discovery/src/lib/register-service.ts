import { resolveProviderName } from './create-discovery-provider';
import { DiscoveryConfigError } from './discovery.errors';
import type { DiscoveryEnv } from './discovery.options';

/** What a service says about itself when it registers (issue 6). */
export interface ServiceRegistrationOptions {
  /** Service name others resolve, e.g. `user-service`. */
  name: string;
  /** The port the service actually listens on (after `listen`, so port 0 works). */
  port: number;
  version?: string;
  tags?: string[];
  /** Path of the HTTP health check; `/health` by default. */
  healthPath?: string;
}

/** A live registration; `deregister` is idempotent and called on shutdown. */
export interface ServiceRegistration {
  /** The registry's id for this instance, or null when nothing was registered (static discovery). */
  readonly id: string | null;
  deregister(): Promise<void>;
}

/**
 * Registers the running service with the configured registry. With static
 * discovery (the embedded default) there is no registry and nothing is sent.
 */
export async function registerService(
  options: ServiceRegistrationOptions,
  env: DiscoveryEnv = process.env,
): Promise<ServiceRegistration> {
  const provider = resolveProviderName({}, env);
  if (provider === 'static') return { id: null, deregister: async () => undefined };
  // Issue 6 adds Consul self-registration here.
  throw new DiscoveryConfigError('DISCOVERY', 'the "consul" registry is not available in this build; use "static"');
}
