import { CorsConfigError } from '../policy/cors-config.error';
import { CorsPolicy } from '../policy/cors-policy';
import { unknownPolicyMessage, type CorsPolicySet } from '../policy/policies-from-config';
import type { CorsModuleOptions } from './cors-module.options';

function isPolicySet(p: CorsModuleOptions['policies']): p is CorsPolicySet {
  return !(p instanceof Map) && (p as CorsPolicySet).policies instanceof Map;
}

/**
 * Named policies plus the default one (ASP.NET Core's `ICorsPolicyProvider`).
 * Injectable from `CorsModule`; usable on its own.
 *
 * @example
 * ```ts
 * const provider = new CorsPolicyProvider({ policies: policiesFromConfig(config.cors) });
 * provider.getPolicy('StrictMvc'); // CorsPolicy
 * provider.getPolicy();            // the default policy, or null
 * ```
 */
export class CorsPolicyProvider {
  private readonly policies: ReadonlyMap<string, CorsPolicy>;
  /** Name of the default policy, or `null` when there is no global CORS. */
  readonly defaultPolicyName: string | null;

  /** @throws {@link CorsConfigError} when `defaultPolicy` names no policy */
  constructor(options: Pick<CorsModuleOptions, 'policies' | 'defaultPolicy'>) {
    const set = isPolicySet(options.policies) ? options.policies : null;
    const source = set ? set.policies : options.policies;
    const entries: [string, unknown][] = source instanceof Map ? [...source] : Object.entries(source);
    for (const [name, policy] of entries) {
      if (!(policy instanceof CorsPolicy)) {
        throw new CorsConfigError('invalid-value', `policies.${name}`, 'must be a CorsPolicy; build it with CorsPolicyBuilder or policiesFromConfig');
      }
    }
    this.policies = new Map(entries as [string, CorsPolicy][]);
    this.defaultPolicyName = options.defaultPolicy !== undefined ? options.defaultPolicy : (set?.defaultPolicy ?? null);
    if (this.defaultPolicyName !== null) this.getPolicy(this.defaultPolicyName, 'defaultPolicy');
  }

  /** Names of all policies. */
  get names(): readonly string[] {
    return [...this.policies.keys()];
  }

  /**
   * The named policy, or without a name the default policy (`null` if none).
   * @throws {@link CorsConfigError} `unknown-policy` naming the defined policies
   */
  getPolicy(name?: string, field = 'policy'): CorsPolicy | null {
    if (name === undefined) return this.defaultPolicyName === null ? null : (this.policies.get(this.defaultPolicyName) as CorsPolicy);
    const policy = this.policies.get(name);
    if (policy === undefined) throw new CorsConfigError('unknown-policy', field, unknownPolicyMessage(name, this.policies.keys()));
    return policy;
  }
}
