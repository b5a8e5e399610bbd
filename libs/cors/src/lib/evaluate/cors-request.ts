import type { IncomingHttpHeaders } from 'node:http';

/**
 * The request facts CORS depends on (Fetch §3.2). Adapters build it from the
 * incoming request; tests and diagnostics build it by hand.
 */
export interface CorsRequest {
  /** HTTP method as received (`OPTIONS`, `GET`, ...). */
  readonly method: string;
  /** `Origin` header; `undefined` means this is not a CORS request. */
  readonly origin?: string | undefined;
  /** `Access-Control-Request-Method`; present (with OPTIONS and Origin) only on preflights. */
  readonly accessControlRequestMethod?: string | undefined;
  /** `Access-Control-Request-Headers`, comma-separated, as sent. */
  readonly accessControlRequestHeaders?: string | undefined;
  /** `Access-Control-Request-Private-Network` (Private Network Access); `"true"` when asked. */
  readonly accessControlRequestPrivateNetwork?: string | undefined;
  /** `Sec-Fetch-Site` (Fetch Metadata): read by `enforceOrigin` when `Origin` is absent. */
  readonly secFetchSite?: string | undefined;
  /** `Referer`: read by `enforceOrigin` when `Origin` and `Sec-Fetch-Site` are absent. */
  readonly referer?: string | undefined;
}

function single(v: string | string[] | undefined): string | undefined {
  // Duplicated headers arrive as arrays; a duplicated Origin is not an origin.
  return v === undefined || typeof v === 'string' ? v : v.join(', ');
}

/**
 * Builds a {@link CorsRequest} from Node's lowercase header object
 * (`IncomingMessage.headers`, Express `req.headers`, Fastify `request.headers`).
 *
 * @example
 * ```ts
 * const decision = evaluateCors(corsRequestFromHeaders(req.method, req.headers), policy);
 * ```
 */
export function corsRequestFromHeaders(method: string, headers: IncomingHttpHeaders): CorsRequest {
  return {
    method,
    origin: single(headers.origin),
    accessControlRequestMethod: single(headers['access-control-request-method']),
    accessControlRequestHeaders: single(headers['access-control-request-headers']),
    accessControlRequestPrivateNetwork: single(headers['access-control-request-private-network']),
    secFetchSite: single(headers['sec-fetch-site']),
    referer: single(headers.referer),
  };
}
