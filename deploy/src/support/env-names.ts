import { readFileSync } from 'node:fs';
import { listTsFiles, repoPath } from './repo';

/**
 * DESIGN.md "Environment": the only variable names apps, compose and tests use.
 * Copied here because DESIGN.md lives outside the repository; the README's
 * Environment table repeats it (checked in env-names.spec.ts).
 */
export const DESIGN_ENV_NAMES: readonly string[] = [
  'PORT',
  'HOST',
  'GATEWAY_CONFIG',
  'GATEWAY_BASE_URL',
  'DATA_DIR',
  'DATABASE_URL',
  'DISCOVERY',
  'CONSUL_URL',
  'SERVICE_ADDRESS',
  'SERVICE_PORT',
  'REDIS_URL',
  'TRUSTED_PROXIES',
  'LOG_LEVEL',
  'NODE_ENV',
];

/**
 * Names the apps' dependencies read rather than our code: NODE_ENV switches
 * Express's view cache (web) and Nest/pino defaults. DESIGN.md lists it for all apps.
 */
export const READ_BY_RUNTIME: readonly string[] = ['NODE_ENV'];

/** The code an app runs: its own `src` and every lib's `src`, without tests and test helpers. */
export function appSourceFiles(app: string): string[] {
  return [...listTsFiles(`apps/${app}/src`), ...listTsFiles('libs')]
    .filter((file) => file.includes('/src/'))
    .filter((file) => !/\.(spec|test)\.ts$/.test(file) && !/\/(testing|test)\//.test(file) && !file.endsWith('.testing.ts'));
}

/**
 * Environment names the code reads: `process.env.X`, `process.env['X']`,
 * `env.X`, `env['X']` (any object named `env`, as the apps pass `process.env`
 * around as `env`), and `env[name]`-style helpers called with a literal
 * `'X'` as in `positiveInt(env, 'X', ...)`.
 */
export function envNamesRead(files: readonly string[]): Set<string> {
  const names = new Set<string>(READ_BY_RUNTIME);
  for (const file of files) {
    const text = readFileSync(repoPath(file), 'utf8');
    for (const m of text.matchAll(/\benv(?:\.([A-Z][A-Z0-9_]*)\b|\[\s*['"`]([A-Z][A-Z0-9_]*)['"`]\s*\])/g)) names.add(m[1] ?? m[2]);
    for (const m of text.matchAll(/\(\s*env\s*,\s*['"`]([A-Z][A-Z0-9_]*)['"`]/g)) names.add(m[1]);
  }
  return names;
}

/** Names in the README's "Variable | App | Default | Meaning" table. */
export function readmeEnvNames(readme: string): Set<string> {
  const names = new Set<string>();
  const start = readme.search(/^\|\s*Variable\s*\|/m);
  if (start < 0) return names;
  for (const line of readme.slice(start).split('\n')) {
    if (!line.startsWith('|')) break;
    const firstCell = line.split('|')[1] ?? '';
    for (const m of firstCell.matchAll(/`([A-Z][A-Z0-9_]*)`/g)) names.add(m[1]);
  }
  return names;
}
