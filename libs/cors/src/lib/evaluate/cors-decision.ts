/** Why a CORS request was refused; logged by the adapters. */
export type CorsRejectionReason =
  | 'origin-not-allowed'
  | 'method-not-allowed'
  | 'header-not-allowed'
  | 'private-network-not-allowed'
  | 'malformed-request';

/** A refusal as data (never an exception): a reason code and a sentence for logs. */
export interface CorsRejection {
  readonly reason: CorsRejectionReason;
  /** e.g. `origin https://evil.test is not listed in policy StrictMvc` */
  readonly message: string;
}

/** One response header: canonical name and value. */
export type CorsHeader = readonly [name: string, value: string];

/**
 * What the evaluator decided; {@link applyCorsDecision} writes it.
 *
 * - `kind: 'none'`: not a CORS request (no `Origin`); only `Vary` may apply.
 * - `kind: 'actual'`: a CORS request the endpoint serves; add `headers` and continue.
 * - `kind: 'preflight'`: answer now with `status` (204, or 403 in strict mode) and `headers`.
 */
export interface CorsDecision {
  readonly kind: 'none' | 'preflight' | 'actual';
  /** True when the browser will let the page read the response (or send the request, for a preflight). */
  readonly allowed: boolean;
  /** Status a preflight is answered with; `null` for `none`/`actual`. */
  readonly status: 204 | 403 | null;
  /** Append `Origin` to `Vary`: the answer depends on the origin (Fetch §3.2.5 cache note). */
  readonly varyOrigin: boolean;
  /** The `Access-Control-*` headers to write; empty when the origin is refused. */
  readonly headers: readonly CorsHeader[];
  /** Set when `allowed` is false. */
  readonly rejection: CorsRejection | null;
  /**
   * True: refuse the request itself with 403 before any handler runs (the
   * policy's `enforceOrigin`, for a state-changing request from an origin it
   * does not allow). Absent or false: serve it as usual.
   */
  readonly forbidden?: boolean;
}

/** Options of {@link evaluateCors}. */
export interface CorsEvaluationOptions {
  /**
   * Answer a refused preflight with 403 and no CORS headers instead of the 204
   * the browser would reject anyway (clearer in network logs and to curl).
   */
  readonly strictPreflight?: boolean;
}
