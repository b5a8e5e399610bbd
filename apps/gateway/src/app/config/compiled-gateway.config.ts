import { type CorsPolicySet, policiesFromConfig } from '@corsway/cors';
import { createDiscoveryProvider, type DiscoveryEnv, type ServiceDiscoveryProvider } from '@corsway/discovery';
import { TrustedProxies } from '../forwarding/trusted-proxies';
import { RouteTable } from '../routing/route-table';
import { GatewayConfigError } from './gateway-config.error';
import type { GatewayConfig } from './gateway-config.types';
import { validateGatewayConfig } from './gateway-config.validator';

/**
 * Everything a request needs, compiled once and never mutated. A reload builds
 * a new one and swaps the reference; requests already running keep the one
 * they started with (a reload never drops in-flight requests).
 */
export interface CompiledGatewayConfig {
  readonly source: string;
  readonly config: GatewayConfig;
  readonly routes: RouteTable;
  /** Named policies and the default (`null`: no global CORS, the tutorial's "before" state). */
  readonly cors: CorsPolicySet;
  readonly discovery: ServiceDiscoveryProvider;
  /** `TRUSTED_PROXIES` when set, else `proxy.trustProxy`. */
  readonly trustedProxies: TrustedProxies;
}

/** What the gateway reads from the environment besides its config file (docs/ARCHITECTURE.md "Environment"). */
export interface GatewayEnv extends DiscoveryEnv {
  readonly TRUSTED_PROXIES?: string;
}

export function compileGatewayConfig(raw: unknown, env: GatewayEnv, source: string): CompiledGatewayConfig {
  return withFieldErrors(() => {
    const config = validateGatewayConfig(raw);
    const cors = policiesFromConfig(config.cors ?? { defaultPolicy: null, policies: {} }, 'cors');
    const routes = new RouteTable(config.routes);
    config.routes.forEach((route, i) => {
      if (typeof route.cors === 'string' && !cors.policies.has(route.cors)) {
        const known = [...cors.policies.keys()].join(', ') || '(none)';
        throw new GatewayConfigError(`routes[${i}].cors`, `policy "${route.cors}" is not defined in cors.policies (defined: ${known})`);
      }
    });
    const discovery = createDiscoveryProvider(config.discovery, env);
    if (discovery.status().provider === 'static') {
      const known = new Set(discovery.knownServices());
      config.routes.forEach((route, i) => {
        if (!known.has(route.service)) {
          throw new GatewayConfigError(`routes[${i}].service`, `"${route.service}" is not listed in discovery.services`);
        }
      });
    }
    const trustedProxies = trustedProxiesFrom(config.proxy.trustProxy, env);
    return Object.freeze({ source, config, routes, cors, discovery, trustedProxies });
  });
}

/** `TRUSTED_PROXIES` ("10.0.0.0/8, loopback"; "" = nobody) overrides `proxy.trustProxy`. */
function trustedProxiesFrom(fromFile: readonly string[], env: GatewayEnv): TrustedProxies {
  const fromEnv = env.TRUSTED_PROXIES;
  if (fromEnv === undefined) return new TrustedProxies(fromFile, 'proxy.trustProxy');
  const entries = fromEnv.split(',').map((e) => e.trim()).filter(Boolean);
  return new TrustedProxies(entries, 'TRUSTED_PROXIES');
}

/** Library errors (discovery, cors) carry `field` too; re-throw them as ours. */
function withFieldErrors<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof GatewayConfigError) throw err;
    const field = (err as { field?: unknown }).field;
    if (typeof field === 'string') {
      const message = (err as Error).message;
      throw new GatewayConfigError(field, message.startsWith(`${field}: `) ? message.slice(field.length + 2) : message);
    }
    throw err;
  }
}

/**
 * Starts the config's discovery provider and asks it to resolve, before the
 * first request, every service the routes name plus the JWKS service (a Consul
 * provider would otherwise start watching on first lookup and 503 that request).
 */
export async function startDiscovery(compiled: CompiledGatewayConfig): Promise<void> {
  await compiled.discovery.start();
  await Promise.all([...calledServices(compiled)].map((s) => compiled.discovery.watch?.(s)));
}

/** Every service the gateway sends requests to: those its routes name, and the JWKS service. */
export function calledServices(compiled: CompiledGatewayConfig): Set<string> {
  return new Set([...compiled.routes.services(), compiled.config.auth.jwksService]);
}
