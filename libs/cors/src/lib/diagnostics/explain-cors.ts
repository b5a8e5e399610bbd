import {
  actualHeadersFor, droppedHeaderNames, includesCredentials, methodOf, needsPreflight, preflightHeadersFor, requestHeaderList,
  scriptError, unsafeHeaderNames, type BrowserCorsRequest,
} from './browser-cors-request';
import { chromiumMessage, type CorsErrorCode, type CorsFailure } from './chromium-cors-error';
import { isToken, SAFELISTED_METHODS, SAFELISTED_RESPONSE_HEADERS } from './fetch-request-rules';

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
  /** The response; null when the server could not be reached or the request was not sent. */
  readonly response: ObservedResponse | null;
  /** False when the request was deliberately not sent (see {@link CorsExplanation.explanation}). */
  readonly sent: boolean;
  readonly ok: boolean;
  /** Why the browser blocks at this step; `null` when it passes. */
  readonly problem: string | null;
}

/** The verdict: would the page get the response, and why (not). */
export interface CorsExplanation {
  readonly allowed: boolean;
  /** Whether the browser sends a preflight first (Fetch §4.1). */
  readonly preflightNeeded: boolean;
  readonly steps: readonly CorsProbeStep[];
  /** The step that failed, with Chromium's error code and wording; null when allowed. */
  readonly failure: CorsFailure | null;
  /** Headers the page set that the browser drops without a word (forbidden request headers). */
  readonly droppedHeaders: readonly string[];
  /** Response header names the page can read (`res.headers.get`), when allowed. */
  readonly readableHeaders: readonly string[];
  /** One paragraph, starting with `allowed:` or `blocked:`. */
  readonly explanation: string;
}

/** Fetch §4.1 "fetch" header value of a response ("get": several values joined with ", "). */
function header(res: ObservedResponse, name: string): string | undefined {
  const v = res.headers[name];
  return Array.isArray(v) ? v.join(', ') : v;
}

/** Fetch §2.2 "extract header list values" as Chromium parses them: tokens, empty items ignored; null = parse failure. */
export function parseList(value: string | undefined): string[] | null {
  const items = (value ?? '').split(',').map((s) => s.replace(/^[ \t]+|[ \t]+$/g, '')).filter(Boolean);
  return items.every(isToken) ? items : null;
}

interface Verdict { readonly code: CorsErrorCode; readonly param: string; readonly missing?: readonly string[] }

/** Fetch §4.10 "CORS check" in Chromium's order (network::cors::CheckAccess). */
function corsCheck(r: BrowserCorsRequest, res: ObservedResponse, preflight: boolean): Verdict | null {
  const p = (code: string) => (preflight ? `Preflight${code}` : code) as CorsErrorCode;
  const acao = header(res, 'access-control-allow-origin');
  const credentials = includesCredentials(r);
  if (acao === '*') {
    if (credentials) return { code: p('WildcardOriginNotAllowed'), param: '' };
  } else if (acao === undefined) {
    return { code: p('MissingAllowOriginHeader'), param: '' };
  } else if (acao !== r.origin) {
    if (/[ ,]/.test(acao)) return { code: p('MultipleAllowOriginValues'), param: acao };
    if (acao !== 'null' && !URL.canParse(acao)) return { code: p('InvalidAllowOriginValue'), param: acao };
    return { code: p('AllowOriginMismatch'), param: acao };
  }
  const acac = header(res, 'access-control-allow-credentials');
  if (credentials && acac !== 'true') return { code: p('InvalidAllowCredentials'), param: acac ?? '' };
  return null;
}

/** Fetch §4.8 "CORS-preflight fetch" checks, in Chromium's order (CORS check, status, lists, method, headers). */
function preflightCheck(r: BrowserCorsRequest, res: ObservedResponse): Verdict | null {
  // Chromium reports a failed CORS check before a non-ok status (both are Fetch §4.8 failures).
  const cors = corsCheck(r, res, true);
  if (cors !== null) return cors;
  if (res.status < 200 || res.status > 299) return { code: 'PreflightInvalidStatus', param: '' };
  if (r.privateNetwork && header(res, 'access-control-allow-private-network') !== 'true') {
    return { code: 'PreflightMissingAllowPrivateNetwork', param: '' };
  }
  const methods = parseList(header(res, 'access-control-allow-methods'));
  if (methods === null) return { code: 'InvalidAllowMethodsPreflightResponse', param: header(res, 'access-control-allow-methods') ?? '' };
  const headers = parseList(header(res, 'access-control-allow-headers'))?.map((h) => h.toLowerCase()) ?? null;
  if (headers === null) return { code: 'InvalidAllowHeadersPreflightResponse', param: header(res, 'access-control-allow-headers') ?? '' };
  const credentials = includesCredentials(r);
  // Fetch §4.8: the method as sent (fetch normalised it), compared case-sensitively,
  // so `patch` needs `patch` listed (Chromium does the same).
  const method = methodOf(r);
  if (!methods.includes(method) && !SAFELISTED_METHODS.includes(method) && (credentials || !methods.includes('*'))) {
    return { code: 'MethodDisallowedByPreflightResponse', param: method };
  }
  if (!credentials && headers.includes('*')) {
    // Fetch §4.8: a `*` never covers Authorization.
    const auth = requestHeaderList(r).some(([n]) => n.toLowerCase() === 'authorization');
    return auth && !headers.includes('authorization') ? { code: 'HeaderDisallowedByPreflightResponse', param: 'authorization', missing: ['authorization'] } : null;
  }
  const missing = unsafeHeaderNames(r).filter((n) => !headers.includes(n));
  return missing.length ? { code: 'HeaderDisallowedByPreflightResponse', param: missing[0], missing } : null;
}

/** Fetch §4.1 "CORS-filtered response": the header names script can read. */
export function readableHeaderNames(r: BrowserCorsRequest, res: ObservedResponse): string[] {
  const exposed = (parseList(header(res, 'access-control-expose-headers')) ?? []).map((h) => h.toLowerCase());
  const all = !includesCredentials(r) && exposed.includes('*');
  return Object.keys(res.headers)
    .map((n) => n.toLowerCase())
    .filter((n) => n !== 'set-cookie' && n !== 'set-cookie2' && (all || SAFELISTED_RESPONSE_HEADERS.includes(n) || exposed.includes(n)))
    .sort();
}

function preflightReason(r: BrowserCorsRequest): string {
  const method = methodOf(r);
  if (!SAFELISTED_METHODS.includes(method.toUpperCase())) return `${method} is not a CORS-safelisted method`;
  const names = unsafeHeaderNames(r);
  if (names.length) return `header${names.length > 1 ? 's' : ''} ${names.join(', ')} ${names.length > 1 ? 'are' : 'is'} not CORS-safelisted`;
  return 'the target is on a private network';
}

function describe(v: Verdict): string {
  const m = chromiumMessage(v.code, v.param);
  return v.missing && v.missing.length > 1 ? `${m} (also missing: ${v.missing.slice(1).join(', ')})` : m;
}

/**
 * Pure: what a browser (Chromium's rules, which are the Fetch standard's with
 * a few extra safelisted client-hint headers) does with `request`, given the
 * preflight and actual responses the server gives. `actual: undefined` with
 * `actualNotSent` explains a request deliberately not sent.
 *
 * @example
 * ```ts
 * explainCors({
 *   request: { url: 'http://localhost:7204/users/user/me', origin: 'http://localhost:7152', headers: { 'X-Api-Key': 'k' } },
 *   preflight: { status: 204, headers: { 'access-control-allow-origin': 'http://localhost:7152',
 *                                        'access-control-allow-headers': 'Content-Type, Authorization' } },
 * }).explanation;
 * // 'blocked: Request header field x-api-key is not allowed by Access-Control-Allow-Headers in preflight response. ...'
 * ```
 */
export function explainCors(input: {
  readonly request: BrowserCorsRequest;
  readonly preflight?: ObservedResponse | null;
  readonly actual?: ObservedResponse | null;
  /** Why the actual request was not sent (explains the preflight only). */
  readonly actualNotSent?: string;
}): CorsExplanation {
  const r = input.request;
  const method = methodOf(r);
  const steps: CorsProbeStep[] = [];
  const droppedHeaders = droppedHeaderNames(r);
  const dropped = droppedHeaders.length ? ` The browser drops header${droppedHeaders.length > 1 ? 's' : ''} ${droppedHeaders.join(', ')} (forbidden request headers, Fetch §2.2.2).` : '';
  const base = { droppedHeaders, readableHeaders: [] as string[] };
  const thrown = scriptError(r);
  if (thrown !== null) {
    const failure: CorsFailure = { step: 'script', corsError: null, failedParameter: '', message: thrown };
    return { ...base, allowed: false, preflightNeeded: false, steps, failure, explanation: `blocked: fetch throws a TypeError before sending anything: ${thrown}.` };
  }
  const preflightNeeded = needsPreflight(r);
  const why = preflightNeeded ? preflightReason(r) : '';
  const blocked = (step: 'preflight' | 'actual', v: Verdict | null, text: string): CorsExplanation => ({
    ...base, allowed: false, preflightNeeded, steps,
    failure: {
      step, corsError: v?.code ?? null, failedParameter: v?.param ?? '', message: v ? chromiumMessage(v.code, v.param) : text,
      ...(v?.missing && v.missing.length > 1 ? { missingHeaders: v.missing } : {}),
    },
    explanation: `blocked: ${text}${dropped}`,
  });
  if (preflightNeeded) {
    const res = input.preflight ?? null;
    const v = res === null ? null : preflightCheck(r, res);
    const problem = res === null ? 'no preflight response (the server could not be reached).' : v && describe(v);
    steps.push({ kind: 'preflight', method: 'OPTIONS', url: r.url, requestHeaders: preflightHeadersFor(r), response: res, sent: true, ok: problem === null, problem });
    if (problem !== null) return blocked('preflight', v, `${problem} The browser sent a preflight because ${why}, and never sends the ${method} request.`);
  }
  if (input.actualNotSent !== undefined) {
    steps.push({ kind: 'actual', method, url: r.url, requestHeaders: actualHeadersFor(r), response: null, sent: false, ok: false, problem: input.actualNotSent });
    const pre = preflightNeeded ? `the preflight passes (needed because ${why}); ` : 'no preflight needed; ';
    return {
      ...base, allowed: false, preflightNeeded, steps, failure: null,
      explanation: `unknown: ${pre}the ${method} request was not sent: ${input.actualNotSent}.${dropped}`,
    };
  }
  const res = input.actual ?? null;
  const v = res === null ? null : corsCheck(r, res, false);
  const problem = res === null ? `no response to the ${method} request (the server could not be reached)` : v && describe(v);
  steps.push({ kind: 'actual', method, url: r.url, requestHeaders: actualHeadersFor(r), response: res, sent: true, ok: problem === null, problem });
  if (res === null) return blocked('actual', null, `${problem}.`);
  if (problem !== null) return blocked('actual', v, `${problem} The request reached the server (status ${res.status}), but the page cannot read the response.`);
  const preface = preflightNeeded ? `the preflight passed (needed because ${why}), then ` : 'no preflight needed; ';
  return {
    ...base, allowed: true, preflightNeeded, steps, failure: null, readableHeaders: readableHeaderNames(r, res),
    explanation: `allowed: ${preface}the ${method} response (status ${res.status}) grants ${r.origin}${includesCredentials(r) ? ' with credentials' : ''}.${dropped}`,
  };
}
