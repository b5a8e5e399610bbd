import { applyCorsDecision } from '../evaluate/apply-cors-decision';
import { corsRequestFromHeaders } from '../evaluate/cors-request';
import { evaluateCors } from '../evaluate/evaluate-cors';
import type { CorsPolicy } from '../policy/cors-policy';
import { actualHeadersFor, methodOf, needsPreflight, preflightHeadersFor, scriptError, type BrowserCorsRequest } from './browser-cors-request';
import { explainCors, type CorsExplanation, type ObservedResponse } from './explain-cors';

/** Collects what applyCorsDecision writes, as a response's lowercase headers. */
function answer(policy: CorsPolicy, method: string, headers: Record<string, string>, strictPreflight: boolean, status: number): ObservedResponse {
  const lower: Record<string, string> = {};
  for (const [n, v] of Object.entries(headers)) lower[n.toLowerCase()] = v;
  const decision = evaluateCors(corsRequestFromHeaders(method, lower), policy, { strictPreflight });
  const out: Record<string, string> = {};
  applyCorsDecision(decision, { setHeader: (n, v) => (out[n.toLowerCase()] = v), getHeader: (n) => out[n.toLowerCase()] });
  return { status: decision.status ?? status, headers: out };
}

/**
 * `--dry-run`: explains `request` from the policy alone, sending nothing.
 * The preflight and the actual response's CORS headers are what this
 * library's evaluator answers for `policy` (the same code the Nest module
 * and the gateway run); the actual response's status is assumed 200, since
 * CORS does not depend on it.
 */
export function explainFromPolicy(request: BrowserCorsRequest, policy: CorsPolicy, options: { readonly strictPreflight?: boolean } = {}): CorsExplanation {
  if (scriptError(request) !== null) return explainCors({ request });
  const strict = options.strictPreflight === true;
  const preflight = needsPreflight(request) ? answer(policy, 'OPTIONS', preflightHeadersFor(request), strict, 204) : null;
  return explainCors({ request, preflight, actual: answer(policy, methodOf(request), actualHeadersFor(request), strict, 200) });
}
