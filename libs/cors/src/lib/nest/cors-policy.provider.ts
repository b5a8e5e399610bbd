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
  private state: ProviderState;
  /** Policies decorators picked at start-up (`null`: the default one), and where: a replacement must keep them. */
  private readonly pinned = new Map<string | null, string>();

  /** @throws {@link CorsConfigError} when `defaultPolicy` names no policy */
  constructor(options: Pick<CorsModuleOptions, 'policies' | 'defaultPolicy'>) {
    this.state = stateFrom(options);
  }

  /** Name of the default policy, or `null` when there is no global CORS. */
  get defaultPolicyName(): string | null {
    return this.state.defaultPolicyName;
  }

  /** Names of all policies. */
  get names(): readonly string[] {
    return [...this.state.policies.keys()];
  }

  /** The named policy, or `undefined` when the current set has none of that name. */
  findPolicy(name: string): CorsPolicy | undefined {
    return this.state.policies.get(name);
  }

  /**
   * The named policy, or without a name the default policy (`null` if none).
   * @throws {@link CorsConfigError} `unknown-policy` naming the defined policies
   */
  getPolicy(name?: string, field = 'policy'): CorsPolicy | null {
    const { policies, defaultPolicyName } = this.state;
    if (name === undefined) return defaultPolicyName === null ? null : (policies.get(defaultPolicyName) as CorsPolicy);
    const policy = policies.get(name);
    if (policy === undefined) throw new CorsConfigError('unknown-policy', field, unknownPolicyMessage(name, policies.keys()));
    return policy;
  }

  /**
   * Records that a decorator uses `name` (`null`: `@EnableCors()`, the default
   * policy), so {@link replace} refuses a set without it. Called by the route scan.
   */
  pin(name: string | null, where: string): void {
    this.pinned.set(name, where);
  }

  /**
   * Validates a new policy set as {@link replace} would, without applying it.
   * @throws {@link CorsConfigError} naming the field or the decorator that needs a missing policy
   */
  assertCanReplace(options: Pick<CorsModuleOptions, 'policies' | 'defaultPolicy'>): void {
    this.checkPinned(stateFrom(options));
  }

  /**
   * Swaps in a new policy set at run time (a gateway config reload). Requests
   * already past their CORS step keep the policy they got; later ones see the
   * new set. Nothing changes when it throws.
   *
   * @example
   * ```ts
   * provider.replace(policiesFromConfig(reloaded.cors));
   * ```
   * @throws {@link CorsConfigError} as {@link assertCanReplace}
   */
  replace(options: Pick<CorsModuleOptions, 'policies' | 'defaultPolicy'>): void {
    const next = stateFrom(options);
    this.checkPinned(next);
    this.state = next;
  }

  private checkPinned(next: ProviderState): void {
    for (const [name, where] of this.pinned) {
      if (name === null && next.defaultPolicyName === null) {
        throw new CorsConfigError('unknown-policy', where, '@EnableCors() without a name needs a default policy; the new set has none');
      }
      if (name !== null && !next.policies.has(name)) {
        throw new CorsConfigError('unknown-policy', where, unknownPolicyMessage(name, next.policies.keys()));
      }
    }
  }
}

interface ProviderState {
  readonly policies: ReadonlyMap<string, CorsPolicy>;
  readonly defaultPolicyName: string | null;
}

function stateFrom(options: Pick<CorsModuleOptions, 'policies' | 'defaultPolicy'>): ProviderState {
  const set = isPolicySet(options.policies) ? options.policies : null;
  const source = set ? set.policies : options.policies;
  const entries: [string, unknown][] = source instanceof Map ? [...source] : Object.entries(source);
  for (const [name, policy] of entries) {
    if (!(policy instanceof CorsPolicy)) {
      throw new CorsConfigError('invalid-value', `policies.${name}`, 'must be a CorsPolicy; build it with CorsPolicyBuilder or policiesFromConfig');
    }
  }
  const policies = new Map(entries as [string, CorsPolicy][]);
  const defaultPolicyName = options.defaultPolicy !== undefined ? options.defaultPolicy : (set?.defaultPolicy ?? null);
  if (defaultPolicyName !== null && !policies.has(defaultPolicyName)) {
    throw new CorsConfigError('unknown-policy', 'defaultPolicy', unknownPolicyMessage(defaultPolicyName, policies.keys()));
  }
  return { policies, defaultPolicyName };
}
