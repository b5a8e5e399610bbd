import type { DiscoveryOptions } from '@corsway/discovery';
import type { RouteTransforms } from '../transforms/route-transforms';

/** `routes[i].rateLimit`: at most `limit` requests per client IP per window. */
export interface RateLimitConfig {
  readonly limit: number;
  readonly windowSeconds: number;
}

/**
 * One entry of `routes` after validation (defaults filled in). The field
 * names are the file's (Ocelot's): `upstream` is the path template the
 * client calls, `downstream` the path template on the service.
 */
export interface RouteConfig {
  readonly upstream: string;
  readonly downstream: string;
  readonly service: string;
  /** Upper-case methods; null means any method. */
  readonly methods: readonly string[] | null;
  /** Policy name, `false` (CORS off on this route) or undefined (the default policy). */
  readonly cors: string | false | undefined;
  readonly auth: boolean;
  readonly timeoutMs: number;
  readonly rateLimit: RateLimitConfig | null;
  /** Header edits toward the service and back (YARP-style transforms). */
  readonly transforms: RouteTransforms;
  /** Accept WebSocket upgrades on this route and proxy them to the service. */
  readonly websocket: boolean;
}

/** `proxy`: transport limits shared by every route. */
export interface ProxyConfig {
  readonly timeoutMs: number;
  readonly maxBodyBytes: number;
  readonly connectionsPerInstance: number;
  readonly circuitBreaker: {
    /** Consecutive 5xx answers that eject an instance (a connect error ejects at once). */
    readonly failureThreshold: number;
    readonly cooldownMs: number;
  };
}

/** `auth`: where the gateway finds the keys that verify access tokens. */
export interface AuthConfig {
  readonly jwksService: string;
  readonly jwksPath: string;
  readonly clockToleranceSeconds: number;
}

/** The whole file after validation. `cors` stays raw: `policiesFromConfig` owns it. */
export interface GatewayConfig {
  readonly cors: unknown;
  readonly routes: readonly RouteConfig[];
  readonly discovery: DiscoveryOptions;
  readonly proxy: ProxyConfig;
  readonly auth: AuthConfig;
}
