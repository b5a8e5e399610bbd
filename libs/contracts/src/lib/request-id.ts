import { randomRequestUuid } from './request-uuid';

/** The header every app answers with and the gateway forwards: one id names a request in every log. */
export const REQUEST_ID_HEADER = 'x-request-id';

// An incoming id is kept only if it is short and log-safe (no log injection,
// bounded size); anything else is replaced by a fresh UUID.
const SAFE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * The request id of an incoming request: the caller's `X-Request-Id` when it
 * is a single safe token (the gateway sets one on every proxied request, so
 * user-service logs the same id), else a new UUID. The one rule every app uses
 * (gateway pipeline, user-service and web `genReqId`).
 *
 * @example
 * ```ts
 * new FastifyAdapter({ genReqId: (req) => requestIdFrom(req.headers) });
 * ```
 */
export function requestIdFrom(headers: { readonly [name: string]: string | string[] | undefined }): string {
  const incoming = headers[REQUEST_ID_HEADER];
  return typeof incoming === 'string' && SAFE_REQUEST_ID.test(incoming) ? incoming : randomRequestUuid();
}
