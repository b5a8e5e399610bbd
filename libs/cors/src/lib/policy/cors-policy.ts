import type { CorsDecision, CorsHeader } from '../evaluate/cors-decision';
import type { WildcardOrigin } from './origin-pattern';

/** Per-origin answers computed once at build time (the common path allocates nothing). */
export interface CompiledOrigin {
  readonly actual: CorsDecision;
  /** Preflight answer when nothing is echoed; `null` when the policy echoes method or headers. */
  readonly preflight: CorsDecision | null;
  /** Headers every preflight for this origin starts with. */
  readonly preflightBase: readonly CorsHeader[];
}

/** @internal Precompiled form of a policy, used only by the evaluator. */
export interface CompiledCorsPolicy {
  readonly exact: ReadonlyMap<string, CompiledOrigin>;
  /** Answers for `*` (any origin, no credentials). */
  readonly any: CompiledOrigin | null;
  readonly wildcards: readonly WildcardOrigin[];
  /** Uppercase-insensitive lists, stored lowercase. */
  readonly methods: readonly string[];
  readonly headers: readonly string[];
  /** Precompiled header values; `null` = echo the request (any-method with credentials / any-header). */
  readonly allowMethods: string | null;
  readonly allowHeaders: string | null;
  readonly exposeHeaders: string | null;
  readonly maxAge: string | null;
  readonly notCors: CorsDecision;
  /**
   * One-entry memo of the last (method, request-headers) pair that passed the
   * token checks: browsers repeat the same few pairs, so the steady state
   * skips scanning. Mutable on purpose; never holds a refusal.
   */
  readonly lastPassed: { method: string | null; headers: string | undefined };
}

/** Plain description of a policy; what the builder collects. */
export interface CorsPolicyOptions {
  readonly name: string;
  readonly allowAnyOrigin: boolean;
  /** Normalised exact origins and `scheme://*.domain` patterns. */
  readonly origins: readonly string[];
  readonly isOriginAllowed: ((origin: string) => boolean) | null;
  readonly allowAnyHeader: boolean;
  readonly headers: readonly string[];
  readonly allowAnyMethod: boolean;
  readonly methods: readonly string[];
  readonly supportsCredentials: boolean;
  readonly exposedHeaders: readonly string[];
  readonly preflightMaxAge: number | null;
  readonly allowWildcardSubdomains: boolean;
  readonly allowPrivateNetwork: boolean;
  /** Refuse unsafe-method requests from origins the policy does not allow (403): the CSRF check CORS alone does not do. */
  readonly enforceOrigin: boolean;
}

const COMPILED = Symbol('corsway.compiled');

/**
 * An immutable, validated CORS policy (ASP.NET Core's `CorsPolicy`). Create it
 * with {@link CorsPolicyBuilder} or {@link policiesFromConfig}; the instance
 * and its arrays are frozen, so a policy can be shared by every request.
 *
 * @example
 * ```ts
 * const policy = new CorsPolicyBuilder('StrictMvc')
 *   .withOrigins('http://localhost:7152')
 *   .withHeaders('Content-Type', 'Authorization')
 *   .withMethods('GET', 'POST')
 *   .build();
 * policy.origins; // ['http://localhost:7152']
 * ```
 */
export class CorsPolicy implements CorsPolicyOptions {
  readonly name!: string;
  readonly allowAnyOrigin!: boolean;
  readonly origins!: readonly string[];
  readonly isOriginAllowed!: ((origin: string) => boolean) | null;
  readonly allowAnyHeader!: boolean;
  readonly headers!: readonly string[];
  readonly allowAnyMethod!: boolean;
  readonly methods!: readonly string[];
  readonly supportsCredentials!: boolean;
  readonly exposedHeaders!: readonly string[];
  readonly preflightMaxAge!: number | null;
  readonly allowWildcardSubdomains!: boolean;
  readonly allowPrivateNetwork!: boolean;
  readonly enforceOrigin!: boolean;
  /**
   * True when responses differ by `Origin` and caches must `Vary: Origin`:
   * everything except any-origin without credentials (which always answers `*`).
   */
  readonly varyByOrigin: boolean;
  /** @internal */
  readonly [COMPILED]: CompiledCorsPolicy;

  /** @internal Use {@link CorsPolicyBuilder}; it validates before constructing. */
  constructor(options: CorsPolicyOptions, compile: (p: CorsPolicy) => CompiledCorsPolicy) {
    Object.assign(this, options, {
      origins: Object.freeze([...options.origins]),
      headers: Object.freeze([...options.headers]),
      methods: Object.freeze([...options.methods]),
      exposedHeaders: Object.freeze([...options.exposedHeaders]),
    });
    this.varyByOrigin = !(options.allowAnyOrigin && !options.supportsCredentials);
    this[COMPILED] = compile(this);
    Object.freeze(this);
  }
}

/** @internal */
export function compiledOf(policy: CorsPolicy): CompiledCorsPolicy {
  return policy[COMPILED];
}
