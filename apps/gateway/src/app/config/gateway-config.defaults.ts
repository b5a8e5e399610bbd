import type { AuthConfig, ProxyConfig } from './gateway-config.types';

/** Defaults for the optional sections; README "Configuration" lists the same values. */
export const DEFAULT_PROXY: ProxyConfig = Object.freeze({
  timeoutMs: 30_000,
  maxBodyBytes: 10 * 1024 * 1024,
  connectionsPerInstance: 64,
  circuitBreaker: Object.freeze({ failureThreshold: 5, cooldownMs: 10_000 }),
});

export const DEFAULT_AUTH: AuthConfig = Object.freeze({
  jwksService: 'user-service',
  jwksPath: '/.well-known/jwks.json',
  clockToleranceSeconds: 5,
});
