/** The request a page makes with `fetch` / XHR, as the diagnostics see it. */
export interface BrowserCorsRequest {
  /** Absolute URL of the API. */
  readonly url: string;
  /** Origin of the page making the call, e.g. `http://localhost:7152`. */
  readonly origin: string;
  /** Method (default `GET`). */
  readonly method?: string;
  /** Request headers the page sets (name → value). */
  readonly headers?: Readonly<Record<string, string>>;
  /** `credentials: 'include'` / `withCredentials: true`. */
  readonly credentials?: boolean;
  /** The page is public and the API on a private network (Private Network Access). */
  readonly privateNetwork?: boolean;
  /** Body of the actual request (probeCors only; CORS does not depend on it, the endpoint may). */
  readonly body?: string;
}

// Fetch §2.2.2: CORS-safelisted methods and request headers.
const SAFE_METHODS = ['GET', 'HEAD', 'POST'];
const SAFE_CONTENT_TYPES = ['application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain'];

function isSafelistedHeader(name: string, value: string): boolean {
  switch (name.toLowerCase()) {
    case 'accept':
    case 'accept-language':
    case 'content-language':
      return value.length <= 128;
    case 'content-type':
      return SAFE_CONTENT_TYPES.includes(value.split(';')[0].trim().toLowerCase()) && value.length <= 128;
    default:
      return false;
  }
}

/** Normalised method (`fetch` uppercases the standard ones, Fetch §2.2.1). */
export function methodOf(r: BrowserCorsRequest): string {
  const m = r.method ?? 'GET';
  return ['DELETE', 'GET', 'HEAD', 'OPTIONS', 'POST', 'PUT', 'PATCH'].includes(m.toUpperCase()) ? m.toUpperCase() : m;
}

/** Header names that are not CORS-safelisted, lowercase and sorted (what Access-Control-Request-Headers carries). */
export function unsafeHeaderNames(r: BrowserCorsRequest): string[] {
  return Object.entries(r.headers ?? {})
    .filter(([n, v]) => !isSafelistedHeader(n, v))
    .map(([n]) => n.toLowerCase())
    .sort();
}

/** Fetch §4.1 step "use-CORS-preflight": a non-safelisted method or header, or Private Network Access. */
export function needsPreflight(r: BrowserCorsRequest): boolean {
  return !SAFE_METHODS.includes(methodOf(r)) || unsafeHeaderNames(r).length > 0 || r.privateNetwork === true;
}

/** The preflight a browser sends for `r`. */
export function preflightHeadersFor(r: BrowserCorsRequest): Record<string, string> {
  const headers: Record<string, string> = { origin: r.origin, 'access-control-request-method': methodOf(r) };
  const names = unsafeHeaderNames(r);
  if (names.length) headers['access-control-request-headers'] = names.join(',');
  if (r.privateNetwork) headers['access-control-request-private-network'] = 'true';
  return headers;
}
