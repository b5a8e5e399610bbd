import type { StaticServiceMap } from './static-discovery.provider';

export type DiscoveryProviderName = 'static' | 'consul';

/** The `discovery` section of the gateway config (docs/ARCHITECTURE.md "Gateway configuration"). */
export interface DiscoveryOptions {
  provider?: DiscoveryProviderName;
  services?: StaticServiceMap;
  /** Consul agent (`CONSUL_URL` wins over `url`) and blocking-query `wait` (default `30s`). */
  consul?: { url?: string; wait?: string };
  /** Services the Consul provider watches from start (others: on first lookup). */
  watch?: readonly string[];
}

/** The environment names of docs/ARCHITECTURE.md "Environment" that discovery reads. */
export interface DiscoveryEnv {
  DISCOVERY?: string;
  CONSUL_URL?: string;
  SERVICE_ADDRESS?: string;
  SERVICE_PORT?: string;
  HOSTNAME?: string;
}

export const DEFAULT_CONSUL_URL = 'http://127.0.0.1:8500';
