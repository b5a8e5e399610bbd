/** One reachable instance of a named service. */
export interface ServiceInstance {
  /** Stable id (Consul's service ID; `<service>#<index>` for static entries). */
  readonly id: string;
  readonly service: string;
  /** Base URL with scheme, host and port, no trailing slash: `http://10.0.0.5:7101`. */
  readonly url: string;
  readonly meta?: Readonly<Record<string, string>>;
}

/** What /health/ready reports about a provider. */
export interface DiscoveryStatus {
  readonly provider: 'static' | 'consul';
  /** False while the provider serves a stale list because its source is unreachable. */
  readonly healthy: boolean;
  /** Why the provider is unhealthy, for logs and readiness. */
  readonly lastError?: string;
  /** Epoch ms of the last successful refresh. */
  readonly lastUpdated?: number;
}
