export type { ServiceInstance, DiscoveryStatus } from './lib/service-instance';
export type { ServiceDiscoveryProvider } from './lib/service-discovery.provider';
export { DiscoveryConfigError } from './lib/discovery.errors';
export { StaticDiscoveryProvider } from './lib/static-discovery.provider';
export type { StaticServiceMap } from './lib/static-discovery.provider';
export { createDiscoveryProvider, resolveProviderName } from './lib/create-discovery-provider';
export { DEFAULT_CONSUL_URL } from './lib/discovery.options';
export type { DiscoveryOptions, DiscoveryEnv, DiscoveryProviderName } from './lib/discovery.options';
