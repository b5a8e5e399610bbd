import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import type { DiscoveryEnv } from '@corsway/discovery';
import { compileGatewayConfig, type CompiledGatewayConfig } from './compiled-gateway.config';
import { resolveEnvPlaceholders } from './env-placeholders';
import { GatewayConfigError } from './gateway-config.error';

const FILE_NAME = 'gateway.config.json';

/**
 * `GATEWAY_CONFIG`, else the app's own file: `assets/` next to the bundle in
 * dist, falling back to the source folder when running from ts (tests).
 */
export function resolveConfigPath(env: { GATEWAY_CONFIG?: string }): string {
  const fromEnv = env.GATEWAY_CONFIG?.trim();
  if (fromEnv) return isAbsolute(fromEnv) ? fromEnv : resolve(process.cwd(), fromEnv);
  const candidates = [join(__dirname, 'assets', FILE_NAME), join(__dirname, '..', '..', 'assets', FILE_NAME)];
  return candidates.find((p) => existsSync(p)) ?? candidates[0];
}

export function readConfigFile(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new GatewayConfigError('GATEWAY_CONFIG', `cannot read "${path}": ${(err as Error).message}`);
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new GatewayConfigError('(file)', `"${path}" is not valid JSON: ${(err as Error).message}`);
  }
}

/** Reads, resolves `${NAME}` placeholders from env (see env-placeholders.ts), validates and compiles; a reload does the same. */
export function loadGatewayConfig(path: string, env: DiscoveryEnv): CompiledGatewayConfig {
  const resolved = resolveEnvPlaceholders(readConfigFile(path), env as Readonly<Record<string, string | undefined>>);
  return compileGatewayConfig(resolved, env, path);
}
