import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { workspaceRoot } from '@corsway/testing';

/** The web origin the shipped policies list (docs/ARCHITECTURE.md); tests send it as `Origin`. */
export const WEB_ORIGIN = 'http://localhost:7152';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a JSON document edited in place
type Json = Record<string, any>;

export interface GatewayConfigOptions {
  /** Static discovery: service name -> instance URLs. */
  readonly services: Record<string, string[]>;
  /** Extra routes, placed before the shipped ones. */
  readonly extraRoutes?: Json[];
  /** Replaces `discovery` entirely (e.g. Consul). */
  readonly discovery?: Json;
  /** Merged into `proxy`. */
  readonly proxy?: Json;
  /** Keep the shipped per-route rate limits (default: dropped, load tests would hit them). */
  readonly keepRateLimits?: boolean;
}

/**
 * The gateway's shipped config (`apps/gateway/src/assets/gateway.config.json`),
 * patched for one test: discovery points at the services this test started,
 * rate limits are off (these tests measure load, not the limiter), and the
 * breaker cool-down is short so recovery is observable within seconds.
 * Starting from the shipped file means these tests exercise what `npm start` runs.
 */
export function gatewayConfig(options: GatewayConfigOptions): Json {
  const file = join(workspaceRoot, 'apps', 'gateway', 'src', 'assets', 'gateway.config.json');
  const config = JSON.parse(readFileSync(file, 'utf8')) as Json;
  const routes = (config['routes'] as Json[]).map((route) => {
    const copy = { ...route };
    if (!options.keepRateLimits) delete copy['rateLimit'];
    return copy;
  });
  config['routes'] = [...(options.extraRoutes ?? []), ...routes];
  config['discovery'] = options.discovery ?? { provider: 'static', services: options.services };
  config['proxy'] = {
    ...(config['proxy'] ?? {}),
    circuitBreaker: { failureThreshold: 5, cooldownMs: 1_000 },
    ...(options.proxy ?? {}),
  };
  return config;
}

/** Writes `config` to a fresh temp file and returns its path (for `GATEWAY_CONFIG`). */
export function writeGatewayConfig(config: Json): string {
  const dir = mkdtempSync(join(tmpdir(), 'corsway-rel-gw-'));
  const path = join(dir, 'gateway.json');
  writeFileSync(path, JSON.stringify(config, null, 2));
  return path;
}
