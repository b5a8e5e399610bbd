import type { DiscoveryOptions } from '@corsway/discovery';
import {
  isObject,
  optionalBoolean,
  optionalObject,
  optionalPositiveInt,
  readObject,
  readString,
  rejectUnknownKeys,
} from './config-fields';
import { validateRouteTransforms } from '../transforms/route-transforms';
import { DEFAULT_AUTH, DEFAULT_CLIENTS, DEFAULT_HEALTH_CHECK, DEFAULT_METRICS, DEFAULT_PROXY } from './gateway-config.defaults';
import { GatewayConfigError } from './gateway-config.error';
import type { GatewayMetricsConfig } from '../metrics/gateway.metrics';
import type { AuthConfig, ClientsConfig, GatewayConfig, ProxyConfig, RateLimitConfig, RouteConfig } from './gateway-config.types';

const TOP_LEVEL = ['cors', 'routes', 'discovery', 'proxy', 'clients', 'auth', 'metrics'];
const ROUTE_FIELDS = ['upstream', 'downstream', 'service', 'methods', 'cors', 'auth', 'timeoutMs', 'rateLimit', 'transforms', 'websocket'];
const HTTP_TOKEN = /^[A-Z]+$/;

/**
 * Checks the shape of the whole file and fills in defaults. Templates, CORS
 * policies and discovery URLs are checked by their own compilers, which also
 * name the field; this function only guarantees the types they receive.
 */
export function validateGatewayConfig(raw: unknown): GatewayConfig {
  const root = readObject(raw, '(root)');
  rejectUnknownKeys(root, TOP_LEVEL, '');
  if (!Array.isArray(root['routes'])) throw new GatewayConfigError('routes', 'must be an array of route objects');
  return Object.freeze({
    cors: root['cors'],
    routes: Object.freeze(root['routes'].map((r, i) => validateRoute(r, `routes[${i}]`, proxyTimeout(root)))),
    discovery: validateDiscovery(root['discovery']),
    proxy: validateProxy(root['proxy']),
    clients: validateClients(root['clients']),
    auth: validateAuth(root['auth']),
    metrics: validateMetrics(root['metrics']),
  });
}

function proxyTimeout(root: Record<string, unknown>): number {
  const proxy = root['proxy'];
  return isObject(proxy) && typeof proxy['timeoutMs'] === 'number' ? proxy['timeoutMs'] : DEFAULT_PROXY.timeoutMs;
}

function validateRoute(raw: unknown, field: string, defaultTimeout: number): RouteConfig {
  const route = readObject(raw, field);
  rejectUnknownKeys(route, ROUTE_FIELDS, field);
  return Object.freeze({
    upstream: readString(route['upstream'], `${field}.upstream`),
    downstream: readString(route['downstream'], `${field}.downstream`),
    service: readString(route['service'], `${field}.service`),
    methods: validateMethods(route['methods'], `${field}.methods`),
    cors: validateRouteCors(route['cors'], `${field}.cors`),
    auth: optionalBoolean(route['auth'], `${field}.auth`, false),
    timeoutMs: optionalPositiveInt(route['timeoutMs'], `${field}.timeoutMs`, defaultTimeout),
    rateLimit: validateRateLimit(route['rateLimit'], `${field}.rateLimit`),
    transforms: validateRouteTransforms(route['transforms'], `${field}.transforms`),
    websocket: validateWebSocket(route, field),
  });
}

/** A WebSocket handshake is a GET (RFC 6455 §4.1): a route that accepts upgrades must allow GET. */
function validateWebSocket(route: Record<string, unknown>, field: string): boolean {
  const websocket = optionalBoolean(route['websocket'], `${field}.websocket`, false);
  const methods = route['methods'];
  if (websocket && Array.isArray(methods) && !methods.some((m) => typeof m === 'string' && (m.toUpperCase() === 'GET' || m === '*'))) {
    throw new GatewayConfigError(`${field}.websocket`, 'a WebSocket handshake is a GET: add "GET" to methods or remove "websocket"');
  }
  return websocket;
}

function validateMethods(raw: unknown, field: string): readonly string[] | null {
  if (raw === undefined) return null;
  if (!Array.isArray(raw) || raw.length === 0) throw new GatewayConfigError(field, 'must be a non-empty array like ["GET", "POST"] or ["*"]');
  if (raw.length === 1 && raw[0] === '*') return null;
  return Object.freeze(
    raw.map((m, i) => {
      if (typeof m !== 'string' || !HTTP_TOKEN.test(m.toUpperCase())) {
        throw new GatewayConfigError(`${field}[${i}]`, `${JSON.stringify(m)} is not an HTTP method`);
      }
      return m.toUpperCase();
    }),
  );
}

function validateRouteCors(raw: unknown, field: string): string | false | undefined {
  if (raw === undefined || raw === false) return raw;
  if (typeof raw === 'string' && raw.trim() !== '') return raw;
  throw new GatewayConfigError(field, 'must be a policy name from cors.policies, or false to disable CORS on this route');
}

function validateRateLimit(raw: unknown, field: string): RateLimitConfig | null {
  if (raw === undefined || raw === null || raw === false) return null;
  const obj = readObject(raw, field);
  rejectUnknownKeys(obj, ['limit', 'windowSeconds'], field);
  if (obj['limit'] === undefined) throw new GatewayConfigError(`${field}.limit`, 'is required (requests per window per client IP)');
  return Object.freeze({
    limit: optionalPositiveInt(obj['limit'], `${field}.limit`, 0),
    windowSeconds: optionalPositiveInt(obj['windowSeconds'], `${field}.windowSeconds`, 60),
  });
}

function validateDiscovery(raw: unknown): DiscoveryOptions {
  const obj = optionalObject(raw, 'discovery');
  rejectUnknownKeys(obj, ['provider', 'services', 'consul', 'watch'], 'discovery');
  const provider = obj['provider'];
  if (provider !== undefined && provider !== 'static' && provider !== 'consul') {
    throw new GatewayConfigError('discovery.provider', `${JSON.stringify(provider)} is not a provider; use "static" or "consul"`);
  }
  if (obj['consul'] !== undefined) readObject(obj['consul'], 'discovery.consul');
  return obj as DiscoveryOptions;
}

function validateProxy(raw: unknown): ProxyConfig {
  const obj = optionalObject(raw, 'proxy');
  rejectUnknownKeys(obj, ['timeoutMs', 'maxBodyBytes', 'bufferBodyBytes', 'maxJsonDepth', 'connectionsPerInstance', 'maxQueuedPerInstance', 'trustProxy', 'circuitBreaker', 'healthCheck'], 'proxy');
  const cb = optionalObject(obj['circuitBreaker'], 'proxy.circuitBreaker');
  rejectUnknownKeys(cb, ['failureThreshold', 'cooldownMs'], 'proxy.circuitBreaker');
  const d = DEFAULT_PROXY;
  const maxBodyBytes = optionalPositiveInt(obj['maxBodyBytes'], 'proxy.maxBodyBytes', d.maxBodyBytes);
  return Object.freeze({
    timeoutMs: optionalPositiveInt(obj['timeoutMs'], 'proxy.timeoutMs', d.timeoutMs),
    maxBodyBytes,
    bufferBodyBytes: Math.min(maxBodyBytes, optionalPositiveInt(obj['bufferBodyBytes'], 'proxy.bufferBodyBytes', d.bufferBodyBytes)),
    maxJsonDepth: optionalPositiveInt(obj['maxJsonDepth'], 'proxy.maxJsonDepth', d.maxJsonDepth),
    connectionsPerInstance: optionalPositiveInt(obj['connectionsPerInstance'], 'proxy.connectionsPerInstance', d.connectionsPerInstance),
    maxQueuedPerInstance: optionalPositiveInt(obj['maxQueuedPerInstance'], 'proxy.maxQueuedPerInstance', d.maxQueuedPerInstance),
    trustProxy: validateTrustProxy(obj['trustProxy']),
    circuitBreaker: Object.freeze({
      failureThreshold: optionalPositiveInt(cb['failureThreshold'], 'proxy.circuitBreaker.failureThreshold', d.circuitBreaker.failureThreshold),
      cooldownMs: optionalPositiveInt(cb['cooldownMs'], 'proxy.circuitBreaker.cooldownMs', d.circuitBreaker.cooldownMs),
    }),
    healthCheck: validateHealthCheck(obj['healthCheck']),
  });
}

function validateTrustProxy(raw: unknown): readonly string[] {
  if (raw === undefined) return DEFAULT_PROXY.trustProxy;
  if (!Array.isArray(raw) || raw.some((a) => typeof a !== 'string')) {
    throw new GatewayConfigError('proxy.trustProxy', 'must be an array of addresses or CIDR ranges, like ["10.0.0.0/8", "loopback"]');
  }
  return Object.freeze([...raw]);
}

function validateHealthCheck(raw: unknown): ProxyConfig['healthCheck'] {
  if (raw === false) return null;
  const obj = optionalObject(raw, 'proxy.healthCheck');
  rejectUnknownKeys(obj, ['path', 'intervalMs', 'timeoutMs'], 'proxy.healthCheck');
  const d = DEFAULT_HEALTH_CHECK;
  const path = obj['path'] === undefined ? d.path : readString(obj['path'], 'proxy.healthCheck.path');
  if (!path.startsWith('/')) throw new GatewayConfigError('proxy.healthCheck.path', 'must be a path starting with "/"');
  return Object.freeze({
    path,
    intervalMs: optionalPositiveInt(obj['intervalMs'], 'proxy.healthCheck.intervalMs', d.intervalMs),
    timeoutMs: optionalPositiveInt(obj['timeoutMs'], 'proxy.healthCheck.timeoutMs', d.timeoutMs),
  });
}

function validateClients(raw: unknown): ClientsConfig {
  const obj = optionalObject(raw, 'clients');
  const d = DEFAULT_CLIENTS;
  rejectUnknownKeys(obj, Object.keys(d), 'clients');
  const clients: ClientsConfig = Object.freeze({
    headersTimeoutMs: optionalPositiveInt(obj['headersTimeoutMs'], 'clients.headersTimeoutMs', d.headersTimeoutMs),
    bodyTimeoutMs: optionalPositiveInt(obj['bodyTimeoutMs'], 'clients.bodyTimeoutMs', d.bodyTimeoutMs),
    bodyIdleTimeoutMs: optionalPositiveInt(obj['bodyIdleTimeoutMs'], 'clients.bodyIdleTimeoutMs', d.bodyIdleTimeoutMs),
    requestTimeoutMs: optionalPositiveInt(obj['requestTimeoutMs'], 'clients.requestTimeoutMs', d.requestTimeoutMs),
    sendTimeoutMs: optionalPositiveInt(obj['sendTimeoutMs'], 'clients.sendTimeoutMs', d.sendTimeoutMs),
    maxInFlight: optionalPositiveInt(obj['maxInFlight'], 'clients.maxInFlight', d.maxInFlight),
    maxWebSockets: optionalPositiveInt(obj['maxWebSockets'], 'clients.maxWebSockets', d.maxWebSockets),
    ipv6Prefix: optionalPositiveInt(obj['ipv6Prefix'], 'clients.ipv6Prefix', d.ipv6Prefix),
  });
  if (clients.ipv6Prefix > 128) throw new GatewayConfigError('clients.ipv6Prefix', 'must be a prefix length from 1 to 128 (bits of an IPv6 address)');
  // requestTimeout is the backstop for the whole request: the parts must fit in it.
  for (const part of ['headersTimeoutMs', 'bodyTimeoutMs'] as const) {
    if (clients[part] > clients.requestTimeoutMs) {
      throw new GatewayConfigError(`clients.${part}`, `must not exceed clients.requestTimeoutMs (${clients.requestTimeoutMs} ms)`);
    }
  }
  return clients;
}

function validateAuth(raw: unknown): AuthConfig {
  const obj = optionalObject(raw, 'auth');
  rejectUnknownKeys(obj, ['jwksService', 'jwksPath', 'clockToleranceSeconds'], 'auth');
  const jwksPath = obj['jwksPath'] === undefined ? DEFAULT_AUTH.jwksPath : readString(obj['jwksPath'], 'auth.jwksPath');
  if (!jwksPath.startsWith('/')) throw new GatewayConfigError('auth.jwksPath', 'must be a path starting with "/"');
  const tolerance = obj['clockToleranceSeconds'];
  if (tolerance !== undefined && (typeof tolerance !== 'number' || tolerance < 0)) {
    throw new GatewayConfigError('auth.clockToleranceSeconds', 'must be a number of seconds >= 0');
  }
  return Object.freeze({
    jwksService: obj['jwksService'] === undefined ? DEFAULT_AUTH.jwksService : readString(obj['jwksService'], 'auth.jwksService'),
    jwksPath,
    clockToleranceSeconds: (tolerance as number | undefined) ?? DEFAULT_AUTH.clockToleranceSeconds,
  });
}

function validateMetrics(raw: unknown): GatewayMetricsConfig {
  const obj = optionalObject(raw, 'metrics');
  const d = DEFAULT_METRICS;
  rejectUnknownKeys(obj, Object.keys(d), 'metrics');
  const labels = obj['originLabels'];
  if (labels !== undefined && (!Array.isArray(labels) || labels.some((o) => typeof o !== 'string' || o.trim() === ''))) {
    throw new GatewayConfigError('metrics.originLabels', 'must be an array of origins, like ["https://partner.example"]');
  }
  return Object.freeze({
    enabled: optionalBoolean(obj['enabled'], 'metrics.enabled', d.enabled),
    originLabels: labels === undefined ? d.originLabels : Object.freeze([...(labels as string[])]),
    maxOriginLabels: optionalPositiveInt(obj['maxOriginLabels'], 'metrics.maxOriginLabels', d.maxOriginLabels),
  });
}
