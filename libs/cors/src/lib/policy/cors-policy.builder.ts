import { compileCorsPolicy } from '../evaluate/compile-cors-policy';
import { isToken } from '../evaluate/http-token';
import { CorsConfigError } from './cors-config.error';
import { CorsPolicy } from './cors-policy';
import { parseOrigin } from './origin-pattern';

/**
 * Fluent builder for a {@link CorsPolicy}, shaped like ASP.NET Core's
 * `CorsPolicyBuilder`. `build()` validates everything and throws a coded
 * {@link CorsConfigError} naming the fix; it never returns an insecure policy.
 *
 * @example
 * ```ts
 * // The MixedPolicy of docs/ARCHITECTURE.md: one origin, credentials, any header and method.
 * const mixed = new CorsPolicyBuilder('MixedPolicy')
 *   .withOrigins('http://localhost:7152')
 *   .allowAnyHeader()
 *   .allowAnyMethod()
 *   .allowCredentials()
 *   .withExposedHeaders('X-Request-Id')
 *   .setPreflightMaxAge(600)
 *   .build();
 *
 * // Subdomains of a domain, any depth, same scheme and port; never the bare domain.
 * const tenants = new CorsPolicyBuilder('Tenants')
 *   .withOrigins('https://*.example.com')
 *   .allowWildcardSubdomains()
 *   .build();
 * ```
 */
export class CorsPolicyBuilder {
  private anyOrigin = false;
  private readonly origins: string[] = [];
  private originPredicate: ((origin: string) => boolean) | null = null;
  private anyHeader = false;
  private readonly headers: string[] = [];
  private anyMethod = false;
  private readonly methods: string[] = [];
  private credentials = false;
  private readonly exposed: string[] = [];
  private maxAge: number | null = null;
  private wildcardSubdomains = false;
  private privateNetwork = false;
  private originEnforced = false;

  /** @param name - used in log lines and error messages (`policy StrictMvc`) */
  constructor(private readonly name = 'unnamed') {}

  /** Any origin (`Access-Control-Allow-Origin: *`). Cannot be combined with credentials. */
  allowAnyOrigin(): this {
    this.anyOrigin = true;
    return this;
  }

  /**
   * Allowed origins, `scheme://host[:port]`, normalised (case, default port,
   * IDN to punycode). `*` means any origin; `https://*.example.com` is a
   * subdomain pattern and needs {@link allowWildcardSubdomains}.
   */
  withOrigins(...origins: string[]): this {
    for (const o of origins) {
      if (o === '*') this.anyOrigin = true;
      else this.origins.push(o);
    }
    return this;
  }

  /** Any request header: the preflight's requested headers are echoed back. */
  allowAnyHeader(): this {
    this.anyHeader = true;
    return this;
  }

  /** Allowed request headers (case-insensitive). `*` means any. */
  withHeaders(...headers: string[]): this {
    for (const h of headers) {
      if (h === '*') this.anyHeader = true;
      else this.headers.push(h);
    }
    return this;
  }

  /** Any method. */
  allowAnyMethod(): this {
    this.anyMethod = true;
    return this;
  }

  /** Allowed methods (case-insensitive, sent uppercase). `*` means any. */
  withMethods(...methods: string[]): this {
    for (const m of methods) {
      if (m === '*') this.anyMethod = true;
      else this.methods.push(m);
    }
    return this;
  }

  /** Cookies / HTTP auth allowed (`Access-Control-Allow-Credentials: true`). Needs explicit origins. */
  allowCredentials(): this {
    this.credentials = true;
    return this;
  }

  /** Response headers the page may read (`Access-Control-Expose-Headers`). */
  withExposedHeaders(...headers: string[]): this {
    this.exposed.push(...headers);
    return this;
  }

  /** How long (seconds) the browser may cache the preflight (`Access-Control-Max-Age`). */
  setPreflightMaxAge(seconds: number): this {
    this.maxAge = seconds;
    return this;
  }

  /**
   * A predicate consulted for origins not otherwise listed (e.g. a tenant
   * lookup). It receives the serialised `Origin`, already checked to be safe to reflect.
   */
  setIsOriginAllowed(predicate: (origin: string) => boolean): this {
    this.originPredicate = predicate;
    return this;
  }

  /** Enables `scheme://*.domain` patterns in {@link withOrigins} (ASP.NET's `SetIsOriginAllowedToAllowWildcardSubdomains`). */
  allowWildcardSubdomains(): this {
    this.wildcardSubdomains = true;
    return this;
  }

  /** Answers Private Network Access preflights (`Access-Control-Allow-Private-Network: true`). */
  allowPrivateNetwork(): this {
    this.privateNetwork = true;
    return this;
  }

  /**
   * Refuses state-changing requests (any method but GET, HEAD, OPTIONS and
   * TRACE) whose `Origin` the policy does not allow, with 403, before they
   * reach a handler or a service: CORS only stops a page from READING an
   * answer, while a cross-site form POST or a `no-cors` fetch still carries
   * the user's cookies and still acts (OWASP CSRF Cheat Sheet, "Verifying
   * origin with standard headers"). Without `Origin`, `Sec-Fetch-Site`
   * (Fetch Metadata) decides, else the `Referer`'s origin; a request with none
   * of the three comes from no browser and passes.
   */
  enforceOrigin(): this {
    this.originEnforced = true;
    return this;
  }

  /** Validates and freezes the policy. @throws {@link CorsConfigError} */
  build(): CorsPolicy {
    const origins = this.origins.map((o, i) => {
      const parsed = parseOrigin(o, `withOrigins[${i}]`);
      if (parsed.kind === 'exact') return parsed.origin;
      if (!this.wildcardSubdomains) {
        throw new CorsConfigError('wildcard-subdomains-not-enabled', `withOrigins[${i}]`,
          `origin "${o}" is a subdomain pattern; call allowWildcardSubdomains() to enable it`);
      }
      return parsed.wildcard.pattern;
    });
    if (this.anyOrigin && this.credentials) {
      throw new CorsConfigError('insecure-any-origin-with-credentials', 'allowCredentials',
        'any origin with credentials lets every site act as the signed-in user (and browsers refuse `*` with credentials); list the origins with withOrigins(...) instead');
    }
    if (this.anyOrigin && this.originEnforced) {
      throw new CorsConfigError('enforce-origin-with-any-origin', 'enforceOrigin',
        'enforcing the origin of a policy that allows any origin refuses nothing; list the origins with withOrigins(...)');
    }
    if (!this.anyOrigin && origins.length === 0 && this.originPredicate === null) {
      throw new CorsConfigError('empty-policy', 'withOrigins',
        'the policy allows no origin; call withOrigins(...), allowAnyOrigin() or setIsOriginAllowed(...)');
    }
    if (this.maxAge !== null && (!Number.isInteger(this.maxAge) || this.maxAge < 0)) {
      throw new CorsConfigError('negative-max-age', 'setPreflightMaxAge',
        `preflight max-age must be a whole number of seconds ≥ 0, got ${this.maxAge}`);
    }
    const tokens = (list: string[], field: string) =>
      list.map((t, i) => {
        if (typeof t !== 'string' || !isToken(t)) {
          throw new CorsConfigError('invalid-value', `${field}[${i}]`, `${JSON.stringify(t)} is not a valid HTTP token; use a name like "X-Api-Key"`);
        }
        return t;
      });
    return new CorsPolicy(
      {
        name: this.name,
        allowAnyOrigin: this.anyOrigin,
        origins: [...new Set(origins)],
        isOriginAllowed: this.originPredicate,
        allowAnyHeader: this.anyHeader,
        headers: dedupe(tokens(this.headers, 'withHeaders')),
        allowAnyMethod: this.anyMethod,
        methods: dedupe(tokens(this.methods, 'withMethods').map((m) => m.toUpperCase())),
        supportsCredentials: this.credentials,
        exposedHeaders: dedupe(tokens(this.exposed, 'withExposedHeaders')),
        preflightMaxAge: this.maxAge,
        allowWildcardSubdomains: this.wildcardSubdomains,
        allowPrivateNetwork: this.privateNetwork,
        enforceOrigin: this.originEnforced,
      },
      compileCorsPolicy,
    );
  }
}

function dedupe(list: string[]): string[] {
  const seen = new Set<string>();
  return list.filter((v) => {
    const k = v.toLowerCase();
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
