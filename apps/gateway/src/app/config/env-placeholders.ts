import { GatewayConfigError } from './gateway-config.error';

type Env = Readonly<Record<string, string | undefined>>;

/**
 * `${NAME}` or `${NAME:-fallback}` (the shell's parameter expansion, so it reads
 * the same as in a compose file). Only whole-token syntax: a lone `$` or `{}`
 * in a string stays as it is.
 */
const PLACEHOLDER = /\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g;

/**
 * Replaces environment placeholders in every string of a parsed config file,
 * before validation, so one variable (`WEB_ORIGIN`, a port) moves every origin
 * and URL that uses it without editing the built copy in dist/. A `${NAME}`
 * with no fallback whose variable is unset or empty stops start-up naming the
 * variable and the field: a policy silently allowing the origin "" would let a
 * user debug CORS errors instead of their environment.
 */
export function resolveEnvPlaceholders(raw: unknown, env: Env, path = ''): unknown {
  if (typeof raw === 'string') return resolveString(raw, env, path || '(root)');
  if (Array.isArray(raw)) return raw.map((item, i) => resolveEnvPlaceholders(item, env, `${path}[${i}]`));
  if (raw !== null && typeof raw === 'object') {
    return Object.fromEntries(
      Object.entries(raw).map(([key, value]) => [key, resolveEnvPlaceholders(value, env, path ? `${path}.${key}` : key)]),
    );
  }
  return raw;
}

function resolveString(text: string, env: Env, field: string): string {
  return text.replace(PLACEHOLDER, (_match, name: string, fallback: string | undefined) => {
    const value = env[name];
    if (value !== undefined && value.trim() !== '') return value.trim();
    if (fallback !== undefined) return fallback;
    throw new GatewayConfigError(field, `environment variable ${name} is not set (the field uses "\${${name}}"; set it, or write "\${${name}:-default}")`);
  });
}
