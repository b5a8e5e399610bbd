import type { CorsRejectionReason } from '../evaluate/cors-decision';

/**
 * Why a browser will not let a page have a CORS answer: the evaluator's
 * reasons, plus `credentials-not-allowed`, a request that carried cookies
 * (so the page asked with `credentials: 'include'`) to a policy without
 * `allowCredentials`: the answer has no `Access-Control-Allow-Credentials:
 * true`, and the CORS check fails (Fetch §4.9 step 7).
 */
export type CorsRefusalReason = CorsRejectionReason | 'credentials-not-allowed';

/** One CORS request a policy refused, as an observer sees it. */
export interface CorsRefusal {
  /** The policy's name. */
  readonly policy: string;
  readonly reason: CorsRefusalReason;
  /** The `Origin` as sent (unbounded: an observer that labels metrics with it must bound it). */
  readonly origin: string;
  /** True for a refused preflight. */
  readonly preflight: boolean;
}

/**
 * Told about every CORS decision made under a policy (module option
 * `observer`): metrics, audits. Called synchronously on the request path,
 * so it must be cheap and must not throw.
 */
export interface CorsObserver {
  /** A preflight was answered by `policy`; `allowed` false when it was refused. */
  preflight(policy: string, allowed: boolean): void;
  /** A CORS request (preflight or actual) the browser will refuse. */
  refused(refusal: CorsRefusal): void;
}
