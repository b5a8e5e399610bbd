import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { workspaceRoot } from '@corsway/testing';

/** The seed's web origin, as written in the gateway's default config (DESIGN.md). */
const DEFAULT_WEB_ORIGIN = 'http://localhost:7152';

export type GatewayCorsMode =
  /** The shipped config, with the web app's real origin in place of :7152. */
  | 'configured'
  /** The seed's "before" state: `defaultPolicy: null` and no per-route `cors` (issue 2, test 3). */
  | 'none';

type Json = Record<string, unknown>;

/**
 * The gateway's own default config (`apps/gateway/src/assets/gateway.config.json`),
 * patched for a test system: policies name the web app's actual origin, and
 * static discovery points at the user-service this test started. Starting
 * from the shipped file means the e2e suite tests what `npm start` runs.
 */
export function gatewayConfigFor(options: { webOrigin: string; userServiceUrl: string; cors: GatewayCorsMode }): Json {
  const file = join(workspaceRoot, 'apps', 'gateway', 'src', 'assets', 'gateway.config.json');
  const config = JSON.parse(readFileSync(file, 'utf8')) as Json;
  const cors = config['cors'] as { defaultPolicy?: string | null; policies: Record<string, { origins?: string[] }> };
  for (const policy of Object.values(cors.policies)) {
    if (Array.isArray(policy.origins)) {
      policy.origins = policy.origins.map((o) => (o === DEFAULT_WEB_ORIGIN ? options.webOrigin : o));
    }
  }
  const routes = config['routes'] as Json[];
  if (options.cors === 'none') {
    cors.defaultPolicy = null;
    for (const route of routes) delete route['cors'];
  }
  config['discovery'] = { provider: 'static', services: { 'user-service': [options.userServiceUrl] } };
  return config;
}
