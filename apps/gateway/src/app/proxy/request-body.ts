import type { IncomingMessage } from 'node:http';
import type { Readable } from 'node:stream';
import { GatewayHttpError } from '../http/gateway-http.error';
import { BodyLimitStream } from './body-limit.stream';

const NO_BODY_METHODS = new Set(['GET', 'HEAD']);

/**
 * The request body as a stream (never buffered), size-checked against the
 * limit. HTTP/1.1 framing (RFC 9112 §6.3): a body is there when the request has
 * a non-zero Content-Length or a Transfer-Encoding; GET and HEAD bodies are
 * never forwarded.
 */
export function requestBody(req: IncomingMessage, maxBodyBytes: number): Readable | undefined {
  if (NO_BODY_METHODS.has(req.method ?? 'GET')) return undefined;
  const length = req.headers['content-length'];
  if (length !== undefined) {
    if (Number(length) > maxBodyBytes) {
      throw new GatewayHttpError(413, `The request body is ${length} bytes; the gateway accepts at most ${maxBodyBytes} bytes.`, { connection: 'close' });
    }
    return Number(length) === 0 ? undefined : req;
  }
  if (req.headers['transfer-encoding'] === undefined) return undefined;
  // Chunked: count as it streams.
  const limited = new BodyLimitStream(maxBodyBytes);
  req.on('error', (e) => limited.destroy(e));
  return req.pipe(limited);
}
