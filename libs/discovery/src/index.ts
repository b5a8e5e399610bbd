export type { ServiceInstance, DiscoveryStatus } from './lib/service-instance';
export type { ServiceDiscoveryProvider } from './lib/service-discovery.provider';
export { DiscoveryConfigError } from './lib/discovery.errors';
export { StaticDiscoveryProvider } from './lib/static-discovery.provider';
export type { StaticServiceMap } from './lib/static-discovery.provider';
