import { ConsulDiscoveryProvider } from './consul/consul-discovery.provider';
import { parseConsulUrl, type ConsulEndpoint } from './consul/consul-url';
import { DiscoveryConfigError } from './discovery.errors';
import type { DiscoveryLogger } from './discovery.logger';
import { DEFAULT_CONSUL_URL, type DiscoveryEnv, type DiscoveryOptions, type DiscoveryProviderName } from './discovery.options';
import type { ServiceDiscoveryProvider } from './service-discovery.provider';
import { StaticDiscoveryProvider } from './static-discovery.provider';

/** Optional collaborators of `createDiscoveryProvider` (tests, custom logging). */
export interface DiscoveryRuntime {
  logger?: DiscoveryLogger;
}

/**
 * Builds the provider the config asks for. Env overrides the file where both
 * exist (docs/ARCHITECTURE.md "Environment": `DISCOVERY=consul` switches the gateway too).
 *
 * With Consul, the services watched from start are `discovery.watch` plus the
 * names of `discovery.services` (the services the gateway knows about); any
 * other name starts being watched on its first lookup.
 */
export function createDiscoveryProvider(
  options: DiscoveryOptions = {},
  env: DiscoveryEnv = process.env,
  runtime: DiscoveryRuntime = {},
): ServiceDiscoveryProvider {
  const provider = resolveProviderName(options, env);
  switch (provider) {
    case 'static':
      return new StaticDiscoveryProvider(options.services ?? {});
    case 'consul': {
      const endpoint = consulUrlFrom(options, env);
      return new ConsulDiscoveryProvider({
        url: endpoint.url,
        services: [...watchList(options.watch), ...Object.keys(options.services ?? {})],
        ...(options.consul?.wait !== undefined ? { wait: options.consul.wait } : {}),
        ...(runtime.logger ? { logger: runtime.logger } : {}),
      });
    }
  }
}

export function resolveProviderName(options: DiscoveryOptions, env: DiscoveryEnv): DiscoveryProviderName {
  const fromEnv = env.DISCOVERY?.trim();
  const raw = fromEnv || options.provider || 'static';
  if (raw !== 'static' && raw !== 'consul') {
    const field = fromEnv ? 'DISCOVERY' : 'discovery.provider';
    throw new DiscoveryConfigError(field, `"${raw}" is not a provider; use "static" or "consul"`);
  }
  return raw;
}

/** `CONSUL_URL` wins over `discovery.consul.url`; errors name whichever was used. */
export function consulUrlFrom(options: DiscoveryOptions, env: DiscoveryEnv): ConsulEndpoint {
  const fromEnv = env.CONSUL_URL?.trim();
  if (fromEnv) return parseConsulUrl(fromEnv, 'CONSUL_URL');
  const consul: unknown = options.consul;
  if (consul !== undefined && (typeof consul !== 'object' || consul === null || Array.isArray(consul))) {
    throw new DiscoveryConfigError('discovery.consul', 'must be an object like { "url": "http://127.0.0.1:8500" }');
  }
  if (options.consul?.url !== undefined) return parseConsulUrl(options.consul.url, 'discovery.consul.url');
  return parseConsulUrl(DEFAULT_CONSUL_URL, 'CONSUL_URL');
}

function watchList(raw: unknown): string[] {
  if (raw === undefined) return [];
  if (!Array.isArray(raw)) throw new DiscoveryConfigError('discovery.watch', 'must be an array of service names like ["user-service"]');
  return raw.map((name, i) => {
    if (typeof name !== 'string' || !/^[A-Za-z0-9-]+$/.test(name)) {
      throw new DiscoveryConfigError(`discovery.watch[${i}]`, `${JSON.stringify(name)} is not a service name`);
    }
    return name;
  });
}
