/** The request headers that make a preflight (lowercase, as Node parses them). */
export interface CorsPreflightHeaders {
  readonly origin?: string | string[] | undefined;
  readonly 'access-control-request-method'?: string | string[] | undefined;
}

/**
 * True for a CORS preflight: `OPTIONS` with `Origin` and
 * `Access-Control-Request-Method` (Fetch §4.8, "CORS-preflight fetch").
 * A bare `OPTIONS` (no `Origin`, or no requested method) is an ordinary
 * request and is routed like any other. The one definition every host uses:
 * the adapter hooks, `CorsService`, the gateway's pipeline and the test kit.
 *
 * @example
 * ```ts
 * isPreflight(req.method, req.headers); // IncomingMessage, Express or Fastify request
 * ```
 */
export function isPreflight(method: string | undefined, headers: CorsPreflightHeaders): boolean {
  return method === 'OPTIONS' && headers.origin !== undefined && headers['access-control-request-method'] !== undefined;
}
