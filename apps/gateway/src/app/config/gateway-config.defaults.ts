import { IPV6_CLIENT_PREFIX, MAX_JSON_DEPTH } from '@corsway/contracts';
import type { GatewayMetricsConfig } from '../metrics/gateway.metrics';
import type { AuthConfig, ClientsConfig, ProxyConfig } from './gateway-config.types';

export const DEFAULT_HEALTH_CHECK = Object.freeze({ path: '/health', intervalMs: 2_000, timeoutMs: 1_000 });

/** Defaults for the optional sections; apps/gateway/README.md "Configuration" lists the same values. */
export const DEFAULT_PROXY: ProxyConfig = Object.freeze({
  timeoutMs: 30_000,
  maxBodyBytes: 10 * 1024 * 1024,
  bufferBodyBytes: 64 * 1024,
  maxJsonDepth: MAX_JSON_DEPTH,
  connectionsPerInstance: 64,
  maxQueuedPerInstance: 256,
  trustProxy: Object.freeze([]),
  circuitBreaker: Object.freeze({ failureThreshold: 5, cooldownMs: 10_000 }),
  healthCheck: DEFAULT_HEALTH_CHECK,
});

export const DEFAULT_CLIENTS: ClientsConfig = Object.freeze({
  headersTimeoutMs: 10_000,
  bodyTimeoutMs: 10_000,
  bodyIdleTimeoutMs: 10_000,
  requestTimeoutMs: 300_000,
  sendTimeoutMs: 60_000,
  maxInFlight: 64,
  maxWebSockets: 32,
  ipv6Prefix: IPV6_CLIENT_PREFIX,
});

export const DEFAULT_AUTH: AuthConfig = Object.freeze({
  jwksService: 'user-service',
  jwksPath: '/.well-known/jwks.json',
  clockToleranceSeconds: 5,
});

export const DEFAULT_METRICS: GatewayMetricsConfig = Object.freeze({
  enabled: true,
  originLabels: Object.freeze([]),
  maxOriginLabels: 50,
});
