/**
 * Every way a CORS configuration can be wrong. The code is stable (tests and
 * callers switch on it); the message names the fix.
 */
export type CorsConfigErrorCode =
  | 'insecure-any-origin-with-credentials'
  | 'enforce-origin-with-any-origin'
  | 'origin-missing-scheme'
  | 'origin-has-path'
  | 'origin-trailing-slash'
  | 'origin-has-query'
  | 'origin-misplaced-wildcard'
  | 'origin-malformed'
  | 'wildcard-subdomains-not-enabled'
  | 'negative-max-age'
  | 'invalid-value'
  | 'unknown-field'
  | 'unknown-policy'
  | 'empty-policy';

/**
 * Thrown at build / start-up time (never per request) when a policy or a
 * policy configuration is insecure or malformed. Modelled on ASP.NET Core's
 * `InsecureConfiguration` and jose's coded errors.
 *
 * @example
 * ```ts
 * try {
 *   new CorsPolicyBuilder().allowAnyOrigin().allowCredentials().build();
 * } catch (e) {
 *   if (e instanceof CorsConfigError) console.error(e.code, e.field, e.message);
 * }
 * ```
 */
export class CorsConfigError extends Error {
  override readonly name = 'CorsConfigError';

  /**
   * @param code - stable machine-readable code
   * @param field - where the problem is (`cors.policies.StrictMvc.origins[0]`, or the builder method)
   * @param message - what is wrong and how to fix it
   */
  constructor(
    readonly code: CorsConfigErrorCode,
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
  }
}
