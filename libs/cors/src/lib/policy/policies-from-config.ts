import { CorsConfigError } from './cors-config.error';
import type { CorsPolicy } from './cors-policy';
import { CorsPolicyBuilder } from './cors-policy.builder';
import { parseOrigin } from './origin-pattern';

/** Named policies plus the one applied globally (`null`: no global CORS). */
export interface CorsPolicySet {
  readonly policies: ReadonlyMap<string, CorsPolicy>;
  readonly defaultPolicy: string | null;
}

const POLICY_FIELDS = ['origins', 'headers', 'methods', 'credentials', 'exposedHeaders', 'maxAgeSeconds', 'privateNetwork', 'enforceOrigin'];
const SECTION_FIELDS = ['defaultPolicy', 'policies'];
// Builder method → JSON field, so builder errors point into the file.
const FIELD_OF: Record<string, string> = {
  withOrigins: 'origins',
  withHeaders: 'headers',
  withMethods: 'methods',
  withExposedHeaders: 'exposedHeaders',
  allowCredentials: 'credentials',
  setPreflightMaxAge: 'maxAgeSeconds',
  enforceOrigin: 'enforceOrigin',
};

type Json = Record<string, unknown>;

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function invalid(field: string, message: string): never {
  throw new CorsConfigError('invalid-value', field, message);
}

function rejectUnknown(obj: Json, allowed: readonly string[], path: string): void {
  for (const key of Object.keys(obj)) {
    if (!allowed.includes(key)) {
      throw new CorsConfigError('unknown-field', `${path}.${key}`, `unknown field "${key}"; allowed fields are ${allowed.join(', ')}`);
    }
  }
}

function stringList(v: unknown, field: string): string[] {
  if (v === undefined) return [];
  if (!Array.isArray(v)) return invalid(field, 'must be an array of strings, e.g. ["GET", "POST"]');
  return v.map((s, i) => (typeof s === 'string' ? s : invalid(`${field}[${i}]`, 'must be a string')));
}

function policyFromJson(name: string, v: unknown, path: string): CorsPolicy {
  if (!isObject(v)) return invalid(path, 'must be an object like { "origins": ["https://app.example.com"] }');
  rejectUnknown(v, POLICY_FIELDS, path);
  const b = new CorsPolicyBuilder(name);
  const origins = stringList(v['origins'], `${path}.origins`);
  if (origins.length === 0) {
    throw new CorsConfigError('empty-policy', `${path}.origins`, 'list at least one origin, or ["*"] for any origin');
  }
  origins.forEach((o, i) => {
    if (o === '*') return;
    // Validate here so errors carry the JSON path; wildcard patterns are explicit in the file.
    if (parseOrigin(o, `${path}.origins[${i}]`).kind === 'wildcard') b.allowWildcardSubdomains();
  });
  b.withOrigins(...origins);
  b.withHeaders(...stringList(v['headers'], `${path}.headers`));
  b.withMethods(...stringList(v['methods'], `${path}.methods`));
  b.withExposedHeaders(...stringList(v['exposedHeaders'], `${path}.exposedHeaders`));
  for (const flag of ['credentials', 'privateNetwork', 'enforceOrigin'] as const) {
    if (v[flag] !== undefined && typeof v[flag] !== 'boolean') invalid(`${path}.${flag}`, 'must be true or false');
  }
  if (v['credentials'] === true) b.allowCredentials();
  if (v['privateNetwork'] === true) b.allowPrivateNetwork();
  if (v['enforceOrigin'] === true) b.enforceOrigin();
  const maxAge = v['maxAgeSeconds'];
  if (maxAge !== undefined && maxAge !== null) {
    if (typeof maxAge !== 'number') invalid(`${path}.maxAgeSeconds`, 'must be a number of seconds, e.g. 600');
    b.setPreflightMaxAge(maxAge);
  }
  try {
    return b.build();
  } catch (e) {
    if (!(e instanceof CorsConfigError)) throw e;
    const [method, index = ''] = e.field.split(/(?=\[)/);
    const field = `${path}.${FIELD_OF[method] ?? method}${index}`;
    throw new CorsConfigError(e.code, field, e.message.slice(e.field.length + 2));
  }
}

/**
 * Reads the `cors` section of the gateway configuration (docs/ARCHITECTURE.md, "Gateway
 * configuration"): `{ defaultPolicy, policies: { Name: { origins, headers,
 * methods, credentials, exposedHeaders, maxAgeSeconds, privateNetwork, enforceOrigin } } }`.
 * Same validation as the builder; unknown fields are rejected; every error
 * names its JSON path.
 *
 * @param json - the parsed section
 * @param fieldPath - the section's own path, for messages (default `cors`)
 * @throws {@link CorsConfigError}, e.g. field `cors.policies.StrictMvc.origins[0]`
 *
 * @example
 * ```ts
 * const { policies, defaultPolicy } = policiesFromConfig(JSON.parse(file).cors);
 * policies.get('StrictMvc');
 * ```
 */
export function policiesFromConfig(json: unknown, fieldPath = 'cors'): CorsPolicySet {
  if (!isObject(json)) return invalid(fieldPath, 'must be an object with "policies" and optionally "defaultPolicy"');
  rejectUnknown(json, SECTION_FIELDS, fieldPath);
  const raw = json['policies'] ?? {};
  if (!isObject(raw)) return invalid(`${fieldPath}.policies`, 'must be an object of named policies');
  const policies = new Map<string, CorsPolicy>();
  for (const [name, value] of Object.entries(raw)) {
    policies.set(name, policyFromJson(name, value, `${fieldPath}.policies.${name}`));
  }
  const def = json['defaultPolicy'] ?? null;
  if (def !== null && typeof def !== 'string') invalid(`${fieldPath}.defaultPolicy`, 'must be a policy name or null');
  if (def !== null && !policies.has(def)) {
    throw new CorsConfigError('unknown-policy', `${fieldPath}.defaultPolicy`, unknownPolicyMessage(def, policies.keys()));
  }
  return { policies, defaultPolicy: def };
}

/** Shared wording for every unknown-policy error (config, decorators, resolver). */
export function unknownPolicyMessage(name: string, known: Iterable<string>): string {
  const list = [...known];
  return `unknown CORS policy "${name}"; defined policies: ${list.length ? list.join(', ') : '(none)'}`;
}
