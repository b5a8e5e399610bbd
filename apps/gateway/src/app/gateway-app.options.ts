import type { GatewayLogger } from './logging/gateway.logger';

/** What `createGatewayApp` lets tests and main.ts override. */
export interface GatewayAppOptions {
  /** Config file path; default `GATEWAY_CONFIG`, else the app's own file. */
  readonly configPath?: string;
  /** An inline config object instead of a file (tests); not reloadable. */
  readonly config?: unknown;
  /** Environment to read (`DISCOVERY`, `REDIS_URL`, ...); default process.env. */
  readonly env?: NodeJS.ProcessEnv;
  readonly logger?: GatewayLogger;
  /** Reload on SIGHUP and on file change (file configs only); default true. */
  readonly watchConfig?: boolean;
  /** Redis key prefix for shared rate limits (tests use one per run). */
  readonly rateLimitKeyPrefix?: string;
  /** jose's minimum time between JWKS refetches on an unknown kid. */
  readonly jwksCooldownMs?: number;
  /** How often what the gateway keeps per instance is dropped for instances discovery no longer reports (balancing/departed-instances.ts); default 30 s. */
  readonly instanceSweepMs?: number;
  /** Clock of the circuit breaker, so tests step through cool-downs without sleeping. */
  readonly now?: () => number;
  /** Key and certificate (PEM) to listen on HTTPS; see libs/dev-certs (`HTTPS`, `TLS_CERT_FILE`, `TLS_KEY_FILE`). */
  readonly https?: { readonly key: string; readonly cert: string };
}
