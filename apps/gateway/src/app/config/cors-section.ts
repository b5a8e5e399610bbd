import { GatewayConfigError } from './gateway-config.error';

/**
 * TEMPORARY until @corsway/cors lands `policiesFromConfig`: only the policy
 * names are read so routes can be checked against them. No CORS is evaluated here.
 */
export interface CorsSection {
  readonly policyNames: ReadonlySet<string>;
  readonly defaultPolicy: string | null;
  readonly raw: unknown;
}

export function compileCorsSection(raw: unknown): CorsSection {
  if (raw === undefined || raw === null) return { policyNames: new Set(), defaultPolicy: null, raw };
  if (typeof raw !== 'object' || Array.isArray(raw)) throw new GatewayConfigError('cors', 'must be an object');
  const obj = raw as Record<string, unknown>;
  const policies = (obj['policies'] ?? {}) as Record<string, unknown>;
  const defaultPolicy = (obj['defaultPolicy'] ?? null) as string | null;
  return { policyNames: new Set(Object.keys(policies)), defaultPolicy, raw };
}
