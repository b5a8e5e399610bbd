import { methodOf, needsPreflight, preflightHeadersFor, unsafeHeaderNames, type BrowserCorsRequest } from './browser-cors-request';

/** A response as the diagnostics need it: status and lowercase headers. */
export interface ObservedResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
}

/** One request the browser makes (preflight or actual) and what it concluded. */
export interface CorsProbeStep {
  readonly kind: 'preflight' | 'actual';
  readonly method: string;
  readonly url: string;
  readonly requestHeaders: Readonly<Record<string, string>>;
  readonly response: ObservedResponse | null;
  readonly ok: boolean;
  /** Why the browser blocks at this step; `null` when it passes. */
  readonly problem: string | null;
}

/** The verdict: would the page get the response, and why (not). */
export interface CorsExplanation {
  readonly allowed: boolean;
  readonly steps: readonly CorsProbeStep[];
  /** One paragraph, starting with `allowed:` or `blocked:`. */
  readonly explanation: string;
}

function header(res: ObservedResponse, name: string): string | undefined {
  const v = res.headers[name];
  return Array.isArray(v) ? v.join(', ') : v;
}

function list(value: string | undefined): string[] {
  return (value ?? '').split(',').map((s) => s.trim()).filter(Boolean);
}

/** Fetch §4.10 "CORS check": may the page read this response? */
function corsCheck(r: BrowserCorsRequest, res: ObservedResponse, what: string): string | null {
  const acao = header(res, 'access-control-allow-origin');
  if (acao === undefined) return `the ${what} response has no Access-Control-Allow-Origin header (the origin ${r.origin} is not allowed, or CORS is not enabled on this endpoint)`;
  if (acao === '*') {
    if (r.credentials) return `the ${what} response has Access-Control-Allow-Origin: * which browsers refuse for credentialed requests; the server must echo ${r.origin}`;
  } else if (acao !== r.origin) {
    return `the ${what} response has Access-Control-Allow-Origin: ${acao}, which does not match the page origin ${r.origin}`;
  }
  if (r.credentials && header(res, 'access-control-allow-credentials') !== 'true') {
    return `the ${what} response lacks Access-Control-Allow-Credentials: true, required for a credentialed request`;
  }
  return null;
}

/** Fetch §4.8 "CORS-preflight fetch" checks. */
function preflightCheck(r: BrowserCorsRequest, res: ObservedResponse): string | null {
  if (res.status < 200 || res.status > 299) return `the preflight response status ${res.status} is not 2xx`;
  const cors = corsCheck(r, res, 'preflight');
  if (cors !== null) return cors;
  const method = methodOf(r);
  const methods = list(header(res, 'access-control-allow-methods'));
  const wildcard = (l: string[]) => !r.credentials && l.includes('*');
  if (!['GET', 'HEAD', 'POST'].includes(method) && !methods.includes(method) && !wildcard(methods)) {
    return `method ${method} is not in Access-Control-Allow-Methods (${methods.join(', ') || 'absent'})`;
  }
  const allowed = list(header(res, 'access-control-allow-headers')).map((h) => h.toLowerCase());
  for (const name of unsafeHeaderNames(r)) {
    if (allowed.includes(name)) continue;
    if (wildcard(allowed) && name !== 'authorization') continue;
    const display = Object.keys(r.headers ?? {}).find((h) => h.toLowerCase() === name) as string;
    const note = name === 'authorization' && allowed.includes('*') ? ' (a * wildcard never covers Authorization)' : '';
    return `request header ${display} is not in Access-Control-Allow-Headers${note}`;
  }
  if (r.privateNetwork && header(res, 'access-control-allow-private-network') !== 'true') {
    return 'the preflight response lacks Access-Control-Allow-Private-Network: true (Private Network Access)';
  }
  return null;
}

function actualHeaders(r: BrowserCorsRequest): Record<string, string> {
  return { ...(r.headers ?? {}), origin: r.origin };
}

/**
 * Says what a browser does with a cross-origin call, given the responses the
 * server gave (pure: the I/O is in {@link probeCors}). Pass `preflight` when
 * one is needed ({@link needsPreflight}) and `actual` once it was sent.
 *
 * @example
 * ```ts
 * explainCors({
 *   request: { url: 'http://localhost:7204/users/user/me', origin: 'http://localhost:7152', method: 'GET',
 *              headers: { 'X-Api-Key': 'k' } },
 *   preflight: { status: 204, headers: { 'access-control-allow-origin': 'http://localhost:7152',
 *                                        'access-control-allow-headers': 'Content-Type, Authorization' } },
 * }).explanation;
 * // 'blocked: request header X-Api-Key is not in Access-Control-Allow-Headers ...'
 * ```
 */
export function explainCors(input: {
  readonly request: BrowserCorsRequest;
  readonly preflight?: ObservedResponse | null;
  readonly actual?: ObservedResponse | null;
}): CorsExplanation {
  const r = input.request;
  const method = methodOf(r);
  const steps: CorsProbeStep[] = [];
  const preflightNeeded = needsPreflight(r);
  const why = preflightNeeded ? preflightReason(r) : '';
  if (preflightNeeded) {
    const res = input.preflight ?? null;
    const problem = res === null ? 'no preflight response (the server could not be reached)' : preflightCheck(r, res);
    steps.push({ kind: 'preflight', method: 'OPTIONS', url: r.url, requestHeaders: preflightHeadersFor(r), response: res, ok: problem === null, problem });
    if (problem !== null) {
      return { allowed: false, steps, explanation: `blocked: ${problem}. The browser sent a preflight because ${why}, and never sends the ${method} request.` };
    }
  }
  const res = input.actual ?? null;
  const problem = res === null ? `no response to the ${method} request (the server could not be reached)` : corsCheck(r, res, method);
  steps.push({ kind: 'actual', method, url: r.url, requestHeaders: actualHeaders(r), response: res, ok: problem === null, problem });
  if (res === null) return { allowed: false, steps, explanation: `blocked: ${problem}.` };
  if (problem !== null) {
    return { allowed: false, steps, explanation: `blocked: ${problem}. The request reached the server (status ${res.status}), but the page cannot read the response.` };
  }
  const preface = preflightNeeded ? `the preflight passed (needed because ${why}), then ` : 'no preflight needed; ';
  return { allowed: true, steps, explanation: `allowed: ${preface}the ${method} response (status ${res.status}) grants ${r.origin}${r.credentials ? ' with credentials' : ''}.` };
}

function preflightReason(r: BrowserCorsRequest): string {
  const method = methodOf(r);
  if (!['GET', 'HEAD', 'POST'].includes(method)) return `${method} is not a CORS-safelisted method`;
  const names = unsafeHeaderNames(r);
  if (names.length) return `header${names.length > 1 ? 's' : ''} ${names.join(', ')} ${names.length > 1 ? 'are' : 'is'} not CORS-safelisted`;
  return 'the target is on a private network';
}
