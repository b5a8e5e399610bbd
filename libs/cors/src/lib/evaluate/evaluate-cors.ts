import type { CorsDecision, CorsEvaluationOptions, CorsHeader, CorsRejection, CorsRejectionReason } from './cors-decision';
import { ALLOW_HEADERS, ALLOW_METHODS, ALLOW_PRIVATE_NETWORK, MAX_AGE } from './cors-header-names';
import type { CorsRequest } from './cors-request';
import { compileDynamicOrigin } from './compile-cors-policy';
import { forbid, isUnsafeMethod, refuseWithoutOrigin } from './enforce-origin';
import { firstTokenNotIn, indexOfIgnoreCase, isSafeOrigin, isSafeTokenList, isToken } from './http-token';
import { compiledOf, type CompiledCorsPolicy, type CompiledOrigin, type CorsPolicy } from '../policy/cors-policy';
import { matchesWildcard } from '../policy/origin-pattern';

// Fetch §4.8 step 7: a browser never checks CORS-safelisted methods against
// Access-Control-Allow-Methods, so refusing them would only mislead logs.
const SAFELISTED_METHODS: readonly string[] = ['get', 'head', 'post'];
// Safelisted request-header names (Fetch §2.2.2) browsers may still list; always acceptable.
const SAFELISTED_HEADERS: readonly string[] = ['accept', 'accept-language', 'content-language'];
const NONE_HEADERS: readonly CorsHeader[] = Object.freeze([]);

/**
 * Decides the CORS answer for one request under one policy. Pure: no I/O, no
 * exceptions for refusals (a refused request is data with a reason).
 *
 * @example
 * ```ts
 * const d = evaluateCors(
 *   { method: 'OPTIONS', origin: 'http://localhost:7152', accessControlRequestMethod: 'POST',
 *     accessControlRequestHeaders: 'content-type' },
 *   policy,
 * );
 * d.kind;    // 'preflight'
 * d.status;  // 204
 * d.headers; // [['Access-Control-Allow-Origin', 'http://localhost:7152'], ...]
 * ```
 */
export function evaluateCors(request: CorsRequest, policy: CorsPolicy, options?: CorsEvaluationOptions): CorsDecision {
  const c = compiledOf(policy);
  const origin = request.origin;
  if (origin === undefined) {
    if (!policy.enforceOrigin || !isUnsafeMethod(request.method)) return c.notCors;
    const refused = refuseWithoutOrigin(request, (o) => matchOrigin(policy, c, o) !== null);
    return refused === null ? c.notCors : forbid(c.notCors, refused);
  }
  const preflight = request.method === 'OPTIONS' && request.accessControlRequestMethod !== undefined;
  const grant = matchOrigin(policy, c, origin);
  if (grant === null) {
    const refused = reject(preflight, policy.varyByOrigin, NONE_HEADERS, options, 'origin-not-allowed', () =>
      `origin ${printable(origin)} is not allowed by policy ${policy.name}`);
    // enforceOrigin: a state-changing request from this origin is not served at all.
    return !preflight && policy.enforceOrigin && isUnsafeMethod(request.method) ? forbid(refused, refused.rejection as CorsRejection) : refused;
  }
  if (!preflight) return grant.actual;
  return evaluatePreflight(request, policy, c, grant, options);
}

function matchOrigin(policy: CorsPolicy, c: CompiledCorsPolicy, origin: string): CompiledOrigin | null {
  const exact = c.exact.get(origin);
  if (exact !== undefined) return exact;
  if (c.any !== null) return c.any;
  if (!isSafeOrigin(origin)) return null;
  for (let i = 0; i < c.wildcards.length; i++) {
    if (matchesWildcard(origin, c.wildcards[i])) return compileDynamicOrigin(policy, c, origin);
  }
  if (policy.isOriginAllowed !== null && policy.isOriginAllowed(origin)) return compileDynamicOrigin(policy, c, origin);
  return null;
}

function evaluatePreflight(
  request: CorsRequest,
  policy: CorsPolicy,
  c: CompiledCorsPolicy,
  grant: CompiledOrigin,
  options: CorsEvaluationOptions | undefined,
): CorsDecision {
  const method = request.accessControlRequestMethod as string;
  const requestedHeaders = request.accessControlRequestHeaders;
  const privateNetwork = request.accessControlRequestPrivateNetwork === 'true';
  const vary = policy.varyByOrigin;

  const hasHeaders = requestedHeaders !== undefined && requestedHeaders !== '';
  const memo = c.lastPassed;
  if (memo.method !== method || memo.headers !== requestedHeaders) {
    const refused = checkMethodAndHeaders(policy, c, grant, options, method, requestedHeaders, hasHeaders);
    if (refused !== null) return refused;
    memo.method = method;
    memo.headers = requestedHeaders;
  }
  if (privateNetwork && !policy.allowPrivateNetwork) {
    return reject(true, vary, grant.preflightBase, options, 'private-network-not-allowed', () =>
      `private network access is not allowed by policy ${policy.name}`);
  }
  // Common case: nothing to echo, no Private Network Access: a prebuilt answer.
  if (grant.preflight !== null && !privateNetwork && (!hasHeaders || !policy.allowAnyHeader)) return grant.preflight;

  const headers: CorsHeader[] = [...grant.preflightBase];
  if (c.allowMethods === null && policy.allowAnyMethod) headers.push([ALLOW_METHODS, method]);
  // Any-header echoes the request: `*` would not cover Authorization (Fetch §3.2.3) and is void with credentials.
  if (hasHeaders && policy.allowAnyHeader) headers.push([ALLOW_HEADERS, requestedHeaders]);
  if (c.maxAge !== null) headers.push([MAX_AGE, c.maxAge]);
  if (privateNetwork) headers.push([ALLOW_PRIVATE_NETWORK, 'true']);
  return { kind: 'preflight', allowed: true, status: 204, varyOrigin: vary, headers, rejection: null };
}

function checkMethodAndHeaders(
  policy: CorsPolicy,
  c: CompiledCorsPolicy,
  grant: CompiledOrigin,
  options: CorsEvaluationOptions | undefined,
  method: string,
  requestedHeaders: string | undefined,
  hasHeaders: boolean,
): CorsDecision | null {
  const vary = policy.varyByOrigin;
  if (policy.allowAnyMethod ? !isToken(method) : !isToken(method) || (indexOfIgnoreCase(method, 0, method.length, c.methods) === -1 &&
      indexOfIgnoreCase(method, 0, method.length, SAFELISTED_METHODS) === -1)) {
    return reject(true, vary, grant.preflightBase, options, 'method-not-allowed', () =>
      `method ${printable(method)} is not allowed by policy ${policy.name}`);
  }
  if (hasHeaders) {
    const list = requestedHeaders as string;
    if (!isSafeTokenList(list)) {
      return reject(true, vary, grant.preflightBase, options, 'malformed-request', () =>
        'Access-Control-Request-Headers is malformed or too long to reflect');
    }
    if (!policy.allowAnyHeader) {
      const missing = firstTokenNotIn(list, c.headers, SAFELISTED_HEADERS);
      if (missing !== null) {
        return reject(true, vary, grant.preflightBase, options, 'header-not-allowed', () =>
          `request header ${missing} is not allowed by policy ${policy.name}`);
      }
    }
  }
  return null;
}

function reject(
  preflight: boolean,
  varyOrigin: boolean,
  preflightHeaders: readonly CorsHeader[],
  options: CorsEvaluationOptions | undefined,
  reason: CorsRejectionReason,
  message: () => string,
): CorsDecision {
  const strict = preflight && options?.strictPreflight === true;
  return {
    kind: preflight ? 'preflight' : 'actual',
    allowed: false,
    status: preflight ? (strict ? 403 : 204) : null,
    varyOrigin,
    // A refused origin gets no Access-Control-* at all. A known origin whose
    // method/headers are refused gets the policy's lists (ASP.NET Core does the
    // same) so the browser's console names the real cause; strict mode sends none.
    headers: strict ? NONE_HEADERS : preflightHeaders,
    rejection: new LazyRejection(reason, message),
  };
}


/** The message is only formatted when someone reads it (a refused origin stays cheap). */
class LazyRejection implements CorsRejection {
  private text: string | null = null;
  constructor(
    readonly reason: CorsRejectionReason,
    private readonly format: () => string,
  ) {}
  get message(): string {
    return (this.text ??= this.format());
  }
  toJSON(): CorsRejection {
    return { reason: this.reason, message: this.message };
  }
}

/** Request values end up in log lines: keep them short and on one line. */
function printable(v: string): string {
  const s = v.length > 100 ? `${v.slice(0, 100)}…` : v;
  return JSON.stringify(s);
}
