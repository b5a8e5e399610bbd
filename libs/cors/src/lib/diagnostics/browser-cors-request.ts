import {
  corsUnsafeRequestHeaderNames, isForbiddenMethod, isForbiddenRequestHeader, isToken, normalizeMethod, SAFELISTED_METHODS,
} from './fetch-request-rules';

/** The request a page makes with `fetch` / XHR, as the diagnostics see it. */
export interface BrowserCorsRequest {
  /** Absolute URL of the API. */
  readonly url: string;
  /** Origin of the page making the call, e.g. `http://localhost:7152`. */
  readonly origin: string;
  /** Method as the page writes it (default `GET`); `fetch` normalises only DELETE/GET/HEAD/OPTIONS/POST/PUT. */
  readonly method?: string;
  /** Request headers the page sets (name → value). */
  readonly headers?: Readonly<Record<string, string>>;
  /**
   * Credentials mode: `true` / `'include'` (`credentials: 'include'`,
   * `withCredentials = true`); `false`, `'same-origin'` (fetch's default)
   * and `'omit'` send none cross-origin.
   */
  readonly credentials?: boolean | 'include' | 'same-origin' | 'omit';
  /** The page is public and the API on a private network (Private Network Access). */
  readonly privateNetwork?: boolean;
  /** Body of the actual request (a string body makes fetch add `Content-Type: text/plain;charset=UTF-8`). */
  readonly body?: string;
}

/** Whether the request's credentials mode is "include" (Fetch §2.2.5): the only mode that sends credentials cross-origin. */
export function includesCredentials(r: BrowserCorsRequest): boolean {
  return r.credentials === true || r.credentials === 'include';
}

/** Normalised method (Fetch §2.2.1). */
export function methodOf(r: BrowserCorsRequest): string {
  return normalizeMethod(r.method ?? 'GET');
}

// Fetch §5.2 "normalize" a header value: strip leading and trailing HTTP whitespace bytes.
const normalizeValue = (v: string) => v.replace(/^[\t\n\r ]+|[\t\n\r ]+$/g, '');

/**
 * Why `fetch` throws a TypeError before sending anything, or null: a
 * forbidden or malformed method, a malformed header name or value, a body on
 * GET/HEAD (Fetch §5.4 `new Request` steps).
 */
export function scriptError(r: BrowserCorsRequest): string | null {
  const method = r.method ?? 'GET';
  if (!isToken(method)) return `'${method}' is not a valid HTTP method`;
  if (isForbiddenMethod(method)) return `'${method}' HTTP method is unsupported (a forbidden method, Fetch §2.2.1)`;
  for (const [name, value] of Object.entries(r.headers ?? {})) {
    if (!isToken(name)) return `'${name}' is not a valid HTTP header name`;
    if ([...value].some((c) => c.charCodeAt(0) > 0xff)) return `the value of header '${name}' is not a byte string`;
    if (/[\0\n\r]/.test(normalizeValue(value))) return `'${value}' is not a valid value for header '${name}'`;
  }
  if (r.body !== undefined && ['GET', 'HEAD'].includes(methodOf(r))) return 'a request with GET/HEAD method cannot have a body';
  return null;
}

/**
 * The header list `fetch` builds: values normalised, names that differ only
 * in case combined with ", " (Fetch §2.2.2 "combine"), forbidden request
 * headers dropped (they are silently ignored, Fetch §5.2), and the defaults
 * `fetch` adds before its CORS checks: `Accept: *∕*` (Fetch §4.1 "fetch")
 * and the string body's `Content-Type` (Fetch §5.4).
 */
export function requestHeaderList(r: BrowserCorsRequest): [string, string][] {
  const list: [string, string][] = [];
  for (const [name, raw] of Object.entries(r.headers ?? {})) {
    const value = normalizeValue(raw);
    if (isForbiddenRequestHeader(name, value)) continue;
    const same = list.find(([n]) => n.toLowerCase() === name.toLowerCase());
    if (same) same[1] = `${same[1]}, ${value}`;
    else list.push([name, value]);
  }
  const has = (n: string) => list.some(([name]) => name.toLowerCase() === n);
  if (r.body !== undefined && !has('content-type')) list.push(['Content-Type', 'text/plain;charset=UTF-8']);
  if (!has('accept')) list.push(['Accept', '*/*']);
  return list;
}

/** Headers the page set that the browser drops (forbidden request headers), lowercase. */
export function droppedHeaderNames(r: BrowserCorsRequest): string[] {
  return Object.entries(r.headers ?? {})
    .filter(([n, v]) => isForbiddenRequestHeader(n, normalizeValue(v)))
    .map(([n]) => n.toLowerCase())
    .sort();
}

/** CORS-unsafe request-header names (what Access-Control-Request-Headers carries): lowercase, sorted. */
export function unsafeHeaderNames(r: BrowserCorsRequest): string[] {
  return corsUnsafeRequestHeaderNames(requestHeaderList(r));
}

/** Fetch §4.1 step "use-CORS-preflight": a non-safelisted method or a CORS-unsafe header, or Private Network Access. */
export function needsPreflight(r: BrowserCorsRequest): boolean {
  return !SAFELISTED_METHODS.includes(methodOf(r).toUpperCase()) || unsafeHeaderNames(r).length > 0 || r.privateNetwork === true;
}

/** The preflight a browser sends for `r` (Fetch §4.8). */
export function preflightHeadersFor(r: BrowserCorsRequest): Record<string, string> {
  const headers: Record<string, string> = { origin: r.origin, 'access-control-request-method': methodOf(r) };
  const names = unsafeHeaderNames(r);
  if (names.length) headers['access-control-request-headers'] = names.join(',');
  if (r.privateNetwork) headers['access-control-request-private-network'] = 'true';
  return headers;
}

/** The actual request's headers as the browser sends them (with `Origin`). */
export function actualHeadersFor(r: BrowserCorsRequest): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [n, v] of requestHeaderList(r)) headers[n] = v;
  headers['origin'] = r.origin;
  return headers;
}
