import type { CorsDecision, CorsRejection } from './cors-decision';
import type { CorsRequest } from './cors-request';

// RFC 9110 §9.2.1: the methods defined as safe; every other method may change state.
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS', 'TRACE']);

/** True for a method that may change state on the server (RFC 9110 §9.2.1). */
export function isUnsafeMethod(method: string): boolean {
  return !SAFE_METHODS.has(method.toUpperCase());
}

/**
 * `enforceOrigin` for a state-changing request without `Origin` (the
 * evaluator handles a present one): Fetch Metadata's `Sec-Fetch-Site` says
 * whether a browser sent it from another site; without it, the `Referer`'s
 * origin stands in (OWASP CSRF Cheat Sheet, "Identifying the source origin").
 * No `Origin`, no `Sec-Fetch-Site` and no `Referer`: not sent by a browser
 * page, so not a forged cross-site request.
 *
 * @returns the refusal, or null when the request may go on
 */
export function refuseWithoutOrigin(request: CorsRequest, originAllowed: (origin: string) => boolean): CorsRejection | null {
  const site = request.secFetchSite?.toLowerCase();
  if (site !== undefined) {
    if (site === 'same-origin' || site === 'none') return null;
    return { reason: 'origin-not-allowed', message: `a state-changing ${request.method} came from another site (Sec-Fetch-Site: ${site}) without an Origin` };
  }
  const referer = request.referer;
  if (referer === undefined) return null;
  let origin: string;
  try {
    origin = new URL(referer).origin;
  } catch {
    return { reason: 'malformed-request', message: 'a state-changing request without Origin carried a Referer that is not a URL' };
  }
  if (originAllowed(origin)) return null;
  return { reason: 'origin-not-allowed', message: `a state-changing ${request.method} without Origin came from ${JSON.stringify(origin)} (its Referer), which the policy does not allow` };
}

/** The decision with the request itself refused (403). */
export function forbid(decision: CorsDecision, rejection: CorsRejection): CorsDecision {
  return { ...decision, allowed: false, headers: decision.headers, rejection, forbidden: true };
}
