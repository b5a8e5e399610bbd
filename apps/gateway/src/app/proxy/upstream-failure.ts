import { GatewayHttpError, RETRY_SOON } from '../http/gateway-http.error';

/**
 * `pool-busy`: the deadline passed while every pool connection to the instance was taken;
 * `pool-full`: too many requests already waited for one (`proxy.maxQueuedPerInstance`).
 * Neither says the instance itself is failing.
 */
export type FailureKind =
  | 'connect'
  | 'timeout'
  | 'pool-busy'
  | 'pool-full'
  | 'bad-response'
  | 'body-refused'
  | 'body-too-large'
  | 'client-slow'
  | 'client-aborted';

const CONNECT_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  'UND_ERR_CONNECT_TIMEOUT',
]);
const TIMEOUT_CODES = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);
// The connection closed under a write: what a service that stopped reading causes.
const CLOSED_CODES = new Set(['EPIPE', 'ECONNRESET', 'UND_ERR_SOCKET']);

export class BodyTooLargeError extends Error {
  readonly code = 'GATEWAY_BODY_TOO_LARGE';
  constructor(readonly limit: number) {
    super(`request body exceeds ${limit} bytes`);
  }
}

/** A streamed request body paused longer than `clients.bodyIdleTimeoutMs`. */
export class BodyIdleTimeoutError extends Error {
  readonly code = 'GATEWAY_BODY_IDLE_TIMEOUT';
  constructor(readonly idleMs: number) {
    super(`request body idle for more than ${idleMs} ms`);
  }
}

/** The route's deadline for response headers passed (our own timer: undici's are coarse). */
export class UpstreamTimeoutError extends Error {
  readonly code = 'GATEWAY_UPSTREAM_TIMEOUT';
  constructor(readonly timeoutMs: number) {
    super(`no response headers within ${timeoutMs} ms`);
  }
}

/**
 * Sorts an undici error into what the client should be told. `sendingBody`:
 * the request body was still being streamed when the attempt failed. A
 * service that refuses a body without reading it (its size limit) answers
 * and closes the connection; the gateway's next write then fails before the
 * answer is read, so the client is told that, not "invalid response", and
 * the instance is not counted as failing (it is up: it refused one request).
 */
export function classifyUpstreamError(err: unknown, aborted: boolean, sendingBody = false): FailureKind {
  if (err instanceof BodyTooLargeError) return 'body-too-large';
  if (err instanceof BodyIdleTimeoutError) return 'client-slow';
  if (err instanceof UpstreamTimeoutError) return 'timeout';
  const code = (err as { code?: string })?.code;
  const causeCode = (err as { cause?: { code?: string } })?.cause?.code;
  // undici wraps socket errors: the code is on the error or on its cause.
  const codeIn = (codes: ReadonlySet<string>) => (code !== undefined && codes.has(code)) || (causeCode !== undefined && codes.has(causeCode));
  if ((code !== undefined && TIMEOUT_CODES.has(code)) || (err as Error)?.name === 'TimeoutError') return 'timeout';
  if (codeIn(CONNECT_CODES)) return 'connect';
  if (aborted) return 'client-aborted';
  if (sendingBody && codeIn(CLOSED_CODES)) return 'body-refused';
  return 'bad-response';
}

/** The envelope the client gets for a failure (always with the route's CORS headers). */
export function failureToHttpError(kind: FailureKind, service: string, detail: { timeoutMs: number; maxBodyBytes: number }): GatewayHttpError {
  switch (kind) {
    case 'connect':
      return new GatewayHttpError(503, `Service "${service}" is unavailable: no instance accepted the connection. Try again shortly.`, RETRY_SOON);
    case 'timeout':
      return new GatewayHttpError(504, `Service "${service}" did not answer within ${detail.timeoutMs} ms.`);
    case 'pool-full':
      return new GatewayHttpError(
        503,
        `Service "${service}" is busy: too many requests are already waiting for the gateway's connections to it (proxy.maxQueuedPerInstance). Try again shortly.`,
        RETRY_SOON,
      );
    case 'pool-busy':
      return new GatewayHttpError(
        504,
        `Service "${service}" did not answer within ${detail.timeoutMs} ms: every gateway connection to it was busy with other answers (proxy.connectionsPerInstance). Try again shortly.`,
        RETRY_SOON,
      );
    case 'body-too-large':
      return new GatewayHttpError(413, `The request body is larger than the gateway's limit of ${detail.maxBodyBytes} bytes; send a smaller body.`, { connection: 'close' });
    case 'client-slow':
      return new GatewayHttpError(408, 'The request body stopped arriving; send it without long pauses, or retry.', { connection: 'close' });
    case 'client-aborted':
      return new GatewayHttpError(499, 'The client closed the request.');
    case 'bad-response':
      return new GatewayHttpError(502, `Service "${service}" sent an invalid or incomplete response.`);
    case 'body-refused':
      return new GatewayHttpError(
        502,
        `Service "${service}" closed the connection before it had read the request body, as a service does with a body larger than it accepts; send a smaller body.`,
      );
  }
}
