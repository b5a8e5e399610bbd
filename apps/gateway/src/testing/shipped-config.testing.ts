import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { resolveEnvPlaceholders } from '../app/config/env-placeholders';

/**
 * The shipped `assets/gateway.config.json` as the gateway reads it when no
 * environment variable is set (each placeholder's default): what `npm start`
 * runs. Tests point its `discovery` at their own services.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a JSON document, read as tests need it
export function shippedGatewayConfig(): any {
  const file = join(__dirname, '..', 'assets', 'gateway.config.json');
  return resolveEnvPlaceholders(JSON.parse(readFileSync(file, 'utf8')), {});
}
