import { DEFAULT_BACKOFF, type BackoffOptions } from './consul/backoff';
import { createConsulClient } from './consul/consul-client';
import { ConsulRegistration } from './consul/consul-registration';
import { consulServiceDefinition } from './consul/consul-service-definition';
import { consulUrlFrom, resolveProviderName } from './create-discovery-provider';
import { defaultDiscoveryLogger, type DiscoveryLogger } from './discovery.logger';
import type { DiscoveryEnv } from './discovery.options';

/** What a service says about itself when it registers. */
export interface ServiceRegistrationOptions {
  /** Service name others resolve, e.g. `user-service`. */
  name: string;
  /** The port the service actually listens on (after `listen`, so port 0 works). */
  port: number;
  version?: string;
  tags?: string[];
  /** Path of the HTTP health check; `/health` by default. */
  healthPath?: string;
  /** Where registration progress and failures are logged (default: Nest `Logger`). */
  logger?: DiscoveryLogger;
  /** Retry back-off after a failed registration (default 500 ms doubling to 30 s). */
  backoff?: Partial<BackoffOptions>;
  /** How often to check that Consul still lists this instance and re-register if not (default 30000 ms; 0 = never). */
  resyncIntervalMs?: number;
}

/** A live registration; `deregister` is idempotent and called on shutdown. */
export interface ServiceRegistration {
  /** The registry's id for this instance, or null when nothing was registered (static discovery). */
  readonly id: string | null;
  /** True while the registry holds this instance (always false for static discovery). */
  readonly registered?: boolean;
  deregister(): Promise<void>;
}

/**
 * Registers the running service with the configured registry. With static
 * discovery (the embedded default) there is no registry and nothing is sent.
 * With `DISCOVERY=consul` it resolves after the first attempt; a failed attempt
 * is logged and retried in the background, never thrown (the service keeps
 * serving). Only configuration errors throw, naming the field.
 */
export async function registerService(
  options: ServiceRegistrationOptions,
  env: DiscoveryEnv = process.env,
): Promise<ServiceRegistration> {
  const provider = resolveProviderName({}, env);
  if (provider === 'static') return { id: null, registered: false, deregister: async () => undefined };
  const endpoint = consulUrlFrom({}, env);
  const definition = consulServiceDefinition(options, env);
  const registration = new ConsulRegistration(
    createConsulClient(endpoint),
    definition,
    endpoint.url,
    { ...DEFAULT_BACKOFF, ...options.backoff },
    options.logger ?? defaultDiscoveryLogger('ConsulRegistration'),
    options.resyncIntervalMs,
  );
  await registration.begin();
  return registration;
}
