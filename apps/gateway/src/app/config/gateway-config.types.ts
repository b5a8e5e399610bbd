import type { DiscoveryOptions } from '@corsway/discovery';
import type { GatewayMetricsConfig } from '../metrics/gateway.metrics';
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
  /** Bodies up to this size are read whole before a connection to the service is taken. */
  readonly bufferBodyBytes: number;
  /** A JSON body read whole that nests deeper than this is refused (400) before the service sees it. */
  readonly maxJsonDepth: number;
  readonly connectionsPerInstance: number;
  /** Requests allowed to wait for one of an instance's connections; past it 503 at once. */
  readonly maxQueuedPerInstance: number;
  /** Peers whose X-Forwarded-* headers are believed (addresses, CIDRs, `loopback`...). */
  readonly trustProxy: readonly string[];
  readonly circuitBreaker: {
    /** Consecutive transport failures (timeouts, broken answers) that eject an instance; a connect error ejects at once; a 5xx never does. */
    readonly failureThreshold: number;
    readonly cooldownMs: number;
  };
  /** Active checks of every instance's health endpoint; `null` = off. */
  readonly healthCheck: {
    readonly path: string;
    readonly intervalMs: number;
    readonly timeoutMs: number;
  } | null;
}

/** `clients`: what one client may cost the gateway (slow or greedy clients). */
export interface ClientsConfig {
  /** Time to receive a request's headers (Node's `headersTimeout`) -> 408. */
  readonly headersTimeoutMs: number;
  /** Time to receive a whole buffered body (up to `proxy.bufferBodyBytes`) -> 408. */
  readonly bodyTimeoutMs: number;
  /** Longest pause between two chunks of a streamed (larger) body -> 408. */
  readonly bodyIdleTimeoutMs: number;
  /** Time to receive a whole request, any size (Node's `requestTimeout`), a backstop. */
  readonly requestTimeoutMs: number;
  /** Longest time a client may take none of its answer's bytes -> connection reset (libs/contracts slow-readers.ts). */
  readonly sendTimeoutMs: number;
  /** Requests in flight at once per client address -> 429 with Retry-After. */
  readonly maxInFlight: number;
  /** Proxied WebSockets open at once per client address -> the next handshake gets 429. */
  readonly maxWebSockets: number;
  /** IPv6 clients are counted by this many leading bits of their address (their network) in every per-client limit. */
  readonly ipv6Prefix: number;
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
  readonly clients: ClientsConfig;
  readonly auth: AuthConfig;
  /** `metrics`: what `/metrics` counts; read at start-up. */
  readonly metrics: GatewayMetricsConfig;
}
