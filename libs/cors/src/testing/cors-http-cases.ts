/**
 * The shared HTTP-level CORS case table: one set of endpoints, one
 * set of policies and the headers a browser must see, run over every host
 * (Nest on Express, Nest on Fastify, the gateway from config routes).
 *
 * A host serves {@link CORS_TEST_ENDPOINTS} with the `cors` section
 * {@link CORS_TEST_CONFIG} (docs/ARCHITECTURE.md format, default policy `AllowAll`) and
 * runs every case of {@link CORS_HTTP_CASES} through `checkCorsHttpCase`.
 */

/** The page origin every listed policy allows (the web app's default origin). */
export const CORS_TEST_ALLOWED_ORIGIN = 'http://localhost:7152';
/** An origin no policy lists. */
export const CORS_TEST_OTHER_ORIGIN = 'https://evil.example';

/** The `cors` section (docs/ARCHITECTURE.md format) a host must load for the cases. */
export const CORS_TEST_CONFIG = {
  defaultPolicy: 'AllowAll',
  policies: {
    AllowAll: { origins: ['*'], headers: ['*'], methods: ['*'] },
    StrictMvc: { origins: [CORS_TEST_ALLOWED_ORIGIN], headers: ['Content-Type', 'Authorization'], methods: ['GET', 'POST'] },
    MixedPolicy: {
      origins: [CORS_TEST_ALLOWED_ORIGIN], headers: ['*'], methods: ['*'],
      credentials: true, exposedHeaders: ['X-Request-Id'], maxAgeSeconds: 600,
    },
    PrivateNet: { origins: [CORS_TEST_ALLOWED_ORIGIN], methods: ['GET'], privateNetwork: true },
    // Cookie routes: credentials, and state-changing requests from other origins refused (403).
    Guarded: { origins: [CORS_TEST_ALLOWED_ORIGIN], headers: ['Content-Type'], methods: ['GET', 'POST'], credentials: true, enforceOrigin: true },
  },
} as const;

/**
 * What an endpoint does once CORS let the request through:
 * `ok` 200 JSON; `unauthorized` 401 from a guard/auth step; `throws` 500 from
 * an exception; `vary` 200 and APPENDS `Accept-Encoding` to `Vary` (a host or
 * proxy must append, never overwrite, the `Vary: Origin` CORS wrote).
 */
export type CorsTestBehaviour = 'ok' | 'unauthorized' | 'throws' | 'vary';

/** One endpoint: `policy` is a policy name, `false` (CORS disabled) or `default` (nothing said). */
export interface CorsTestEndpoint {
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  readonly path: string;
  readonly policy: keyof typeof CORS_TEST_CONFIG.policies | false | 'default';
  readonly behaviour: CorsTestBehaviour;
}

export const CORS_TEST_ENDPOINTS: readonly CorsTestEndpoint[] = [
  { method: 'GET', path: '/cors-test/default', policy: 'default', behaviour: 'ok' },
  { method: 'GET', path: '/cors-test/strict', policy: 'StrictMvc', behaviour: 'ok' },
  { method: 'POST', path: '/cors-test/strict', policy: 'StrictMvc', behaviour: 'ok' },
  // An endpoint whose policy does not allow its own method: preflights for it are refused.
  { method: 'PUT', path: '/cors-test/strict', policy: 'StrictMvc', behaviour: 'ok' },
  { method: 'POST', path: '/cors-test/mixed', policy: 'MixedPolicy', behaviour: 'ok' },
  { method: 'GET', path: '/cors-test/mixed/unauthorized', policy: 'MixedPolicy', behaviour: 'unauthorized' },
  { method: 'GET', path: '/cors-test/mixed/throws', policy: 'MixedPolicy', behaviour: 'throws' },
  // Same path, different policy per method: a preflight follows Access-Control-Request-Method.
  { method: 'GET', path: '/cors-test/split', policy: 'StrictMvc', behaviour: 'ok' },
  { method: 'DELETE', path: '/cors-test/split', policy: 'MixedPolicy', behaviour: 'ok' },
  { method: 'GET', path: '/cors-test/disabled', policy: false, behaviour: 'ok' },
  { method: 'GET', path: '/cors-test/private', policy: 'PrivateNet', behaviour: 'ok' },
  { method: 'GET', path: '/cors-test/vary', policy: 'StrictMvc', behaviour: 'vary' },
  { method: 'GET', path: '/cors-test/guarded', policy: 'Guarded', behaviour: 'ok' },
  { method: 'POST', path: '/cors-test/guarded', policy: 'Guarded', behaviour: 'ok' },
];

/** One request and what must be true of its response. */
export interface CorsHttpCase {
  readonly name: string;
  readonly request: {
    readonly method: string;
    readonly path: string;
    readonly headers?: Readonly<Record<string, string>>;
  };
  readonly expect: {
    /** Exact status, when the table cares. */
    readonly status?: number;
    /** Header (lowercase) → exact value, or `null` = must be absent. */
    readonly headers?: Readonly<Record<string, string | null>>;
    /** No `access-control-*` header at all. */
    readonly noAccessControl?: boolean;
    /** Tokens `Vary` must contain (case-insensitive). */
    readonly varyIncludes?: readonly string[];
  };
}

const A = CORS_TEST_ALLOWED_ORIGIN;
const O = CORS_TEST_OTHER_ORIGIN;
const preflight = (path: string, origin: string, method: string, extra: Record<string, string> = {}) => ({
  method: 'OPTIONS', path, headers: { origin, 'access-control-request-method': method, ...extra },
});
const get = (path: string, origin?: string, method = 'GET') => ({ method, path, headers: origin ? { origin } : ({} as Record<string, string>) });

export const CORS_HTTP_CASES: readonly CorsHttpCase[] = [
  { name: 'default policy: any origin gets *', request: get('/cors-test/default', O),
    expect: { status: 200, headers: { 'access-control-allow-origin': '*', 'access-control-allow-credentials': null } } },
  { name: 'allowed origin on StrictMvc', request: get('/cors-test/strict', A),
    expect: { status: 200, headers: { 'access-control-allow-origin': A, 'access-control-allow-credentials': null }, varyIncludes: ['Origin'] } },
  { name: 'decorator beats default: unlisted origin gets no CORS headers', request: get('/cors-test/strict', O),
    expect: { status: 200, noAccessControl: true, varyIncludes: ['Origin'] } },
  { name: 'no Origin: not CORS, but Vary: Origin for caches', request: get('/cors-test/strict'),
    expect: { status: 200, noAccessControl: true, varyIncludes: ['Origin'] } },
  { name: 'preflight allowed: lists, no credentials', request: preflight('/cors-test/strict', A, 'POST', { 'access-control-request-headers': 'content-type,authorization' }),
    expect: { status: 204, headers: {
      'access-control-allow-origin': A, 'access-control-allow-methods': 'GET, POST',
      'access-control-allow-headers': 'Content-Type, Authorization', 'access-control-max-age': null, 'access-control-allow-credentials': null,
    }, varyIncludes: ['Origin'] } },
  { name: 'preflight denied method: the policy lists omit it', request: preflight('/cors-test/strict', A, 'PUT'),
    expect: { headers: { 'access-control-allow-methods': 'GET, POST' } } },
  { name: 'preflight denied header: the policy lists omit it', request: preflight('/cors-test/strict', A, 'POST', { 'access-control-request-headers': 'x-api-key' }),
    expect: { headers: { 'access-control-allow-headers': 'Content-Type, Authorization' } } },
  { name: 'preflight from an unlisted origin: no CORS headers', request: preflight('/cors-test/strict', O, 'POST'),
    expect: { noAccessControl: true, varyIncludes: ['Origin'] } },
  { name: 'credentials: actual request', request: get('/cors-test/mixed', A, 'POST'),
    expect: { status: 200, headers: {
      'access-control-allow-origin': A, 'access-control-allow-credentials': 'true', 'access-control-expose-headers': 'X-Request-Id',
    }, varyIncludes: ['Origin'] } },
  { name: 'credentials: preflight echoes method and headers, max-age', request: preflight('/cors-test/mixed', A, 'POST', { 'access-control-request-headers': 'content-type,x-custom' }),
    expect: { status: 204, headers: {
      'access-control-allow-origin': A, 'access-control-allow-credentials': 'true', 'access-control-allow-methods': 'POST',
      'access-control-allow-headers': 'content-type,x-custom', 'access-control-max-age': '600',
    } } },
  { name: '401 from a guard keeps the CORS headers', request: get('/cors-test/mixed/unauthorized', A),
    expect: { status: 401, headers: { 'access-control-allow-origin': A, 'access-control-allow-credentials': 'true' } } },
  { name: 'thrown 500 keeps the CORS headers', request: get('/cors-test/mixed/throws', A),
    expect: { status: 500, headers: { 'access-control-allow-origin': A, 'access-control-allow-credentials': 'true' } } },
  { name: '404 keeps the default policy headers', request: get('/cors-test/nowhere', O),
    expect: { status: 404, headers: { 'access-control-allow-origin': '*' } } },
  { name: 'preflight follows Access-Control-Request-Method (DELETE → MixedPolicy)', request: preflight('/cors-test/split', A, 'DELETE'),
    expect: { status: 204, headers: { 'access-control-allow-origin': A, 'access-control-allow-credentials': 'true', 'access-control-allow-methods': 'DELETE' } } },
  { name: 'preflight follows Access-Control-Request-Method (GET → StrictMvc)', request: preflight('/cors-test/split', A, 'GET'),
    expect: { status: 204, headers: { 'access-control-allow-origin': A, 'access-control-allow-credentials': null, 'access-control-allow-methods': 'GET, POST' } } },
  { name: 'CORS disabled: no headers even though a default policy exists', request: get('/cors-test/disabled', A),
    expect: { status: 200, noAccessControl: true } },
  { name: 'CORS disabled: preflight not answered with CORS headers', request: preflight('/cors-test/disabled', A, 'GET'),
    expect: { noAccessControl: true } },
  { name: 'bare OPTIONS (no Access-Control-Request-Method) is not a preflight', request: get('/cors-test/strict', A, 'OPTIONS'),
    expect: { headers: { 'access-control-allow-methods': null, 'access-control-allow-headers': null, 'access-control-max-age': null } } },
  { name: 'private network preflight allowed', request: preflight('/cors-test/private', A, 'GET', { 'access-control-request-private-network': 'true' }),
    expect: { status: 204, headers: { 'access-control-allow-origin': A, 'access-control-allow-private-network': 'true' } } },
  { name: 'private network preflight refused by a policy without it', request: preflight('/cors-test/strict', A, 'GET', { 'access-control-request-private-network': 'true' }),
    expect: { headers: { 'access-control-allow-private-network': null } } },
  { name: 'Vary: Origin is appended to the endpoint’s Vary, not overwritten', request: get('/cors-test/vary', A),
    expect: { status: 200, headers: { 'access-control-allow-origin': A }, varyIncludes: ['Origin', 'Accept-Encoding'] } },
  { name: 'enforceOrigin: a POST from an allowed origin is served', request: get('/cors-test/guarded', A, 'POST'),
    expect: { status: 200, headers: { 'access-control-allow-origin': A, 'access-control-allow-credentials': 'true' } } },
  { name: 'enforceOrigin: a POST from another origin is refused with 403 (CSRF)', request: get('/cors-test/guarded', O, 'POST'),
    expect: { status: 403, noAccessControl: true, varyIncludes: ['Origin'] } },
  { name: 'enforceOrigin: Origin null (sandboxed page, file:) is refused', request: get('/cors-test/guarded', 'null', 'POST'),
    expect: { status: 403, noAccessControl: true } },
  { name: 'enforceOrigin: a GET from another origin is served (safe method; the browser blocks the read)', request: get('/cors-test/guarded', O),
    expect: { status: 200, noAccessControl: true } },
  { name: 'enforceOrigin: no Origin but Sec-Fetch-Site: cross-site is refused', request: { method: 'POST', path: '/cors-test/guarded', headers: { 'sec-fetch-site': 'cross-site' } },
    expect: { status: 403 } },
  { name: 'enforceOrigin: no Origin, Sec-Fetch-Site: same-origin is served', request: { method: 'POST', path: '/cors-test/guarded', headers: { 'sec-fetch-site': 'same-origin' } },
    expect: { status: 200 } },
  { name: 'enforceOrigin: no Origin, a Referer from another origin is refused', request: { method: 'POST', path: '/cors-test/guarded', headers: { referer: `${O}/page` } },
    expect: { status: 403 } },
  { name: 'enforceOrigin: no Origin, a Referer from the allowed origin is served', request: { method: 'POST', path: '/cors-test/guarded', headers: { referer: `${A}/Account/Login` } },
    expect: { status: 200 } },
  { name: 'enforceOrigin: no browser headers at all (curl, a service) is served', request: { method: 'POST', path: '/cors-test/guarded' },
    expect: { status: 200 } },
];
