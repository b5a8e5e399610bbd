import { DiscoveryConfigError } from './discovery.errors';
import type { DiscoveryEnv, DiscoveryOptions, DiscoveryProviderName } from './discovery.options';
import type { ServiceDiscoveryProvider } from './service-discovery.provider';
import { StaticDiscoveryProvider } from './static-discovery.provider';

/**
 * Builds the provider the config asks for. Env overrides the file where both
 * exist (DESIGN.md "Environment": `DISCOVERY=consul` switches the gateway too).
 */
export function createDiscoveryProvider(
  options: DiscoveryOptions = {},
  env: DiscoveryEnv = process.env,
): ServiceDiscoveryProvider {
  const provider = resolveProviderName(options, env);
  switch (provider) {
    case 'static':
      return new StaticDiscoveryProvider(options.services ?? {});
    case 'consul':
      // Issue 6 adds the Consul provider here.
      throw new DiscoveryConfigError('discovery.provider', 'the "consul" provider is not available in this build; use "static"');
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
