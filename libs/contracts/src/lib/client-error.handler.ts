import { fail } from './api-envelope';
import { REQUEST_ID_HEADER, requestIdFrom } from './request-id';
import { STATUS_CODES, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';

const MESSAGES: Record<number, string> = {
  431: 'The request headers are too large (limit 16 KiB). Send fewer or smaller headers/cookies.',
  408: 'The request took too long to arrive. Send it again.',
  400: 'The request is not valid HTTP.',
};

/**
 * Fastify `clientErrorHandler` for user-service and the gateway: Node rejects some requests (headers over
 * 16 KiB, broken HTTP) before any route or filter runs. Answer those in the
 * envelope too, so a client (or the gateway) can still read `Message`.
 */
export function envelopeClientErrorHandler(error: Error & { code?: string }, socket: Socket): void {
  if (error.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  const status = error.code === 'HPE_HEADER_OVERFLOW' ? 431 : error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400;
  writeRawAnswer(socket, status, JSON.stringify(fail(MESSAGES[status])));
}

/** The error body of a request refused before any route runs: the envelope unless the app has a JSON error shape of its own. */
export type RefusalBody = (message: string) => unknown;

/**
 * Answers CONNECT, a request for a tunnel to another host (RFC 9110 §9.3.6),
 * which none of our apps opens: 405 with a JSON error body and `Connection:
 * close`. Node hands CONNECT to the server's `connect` listener and, when
 * there is none, closes the connection without any answer.
 */
export function refuseConnectRequests(server: Server, body: RefusalBody = fail): void {
  server.on('connect', (req: IncomingMessage, socket: Duplex) => {
    socket.on('error', () => socket.destroy());
    const message = `CONNECT ${req.url ?? ''} is not served: this server opens no tunnels. Send plain HTTP requests to its paths.`;
    writeRawAnswer(socket, 405, JSON.stringify(body(message)));
  });
}

/**
 * Answers an `Expect` other than `100-continue` (RFC 9110 §10.1.1: the
 * server may refuse it with 417) with a JSON error body that says so, the
 * request id, and `Connection: close` (the client may be holding its body
 * back). Node hands such a request to `checkExpectation` instead of
 * `request`, and with no listener writes a bare 417 with an empty body.
 * user-service and the web app use it; the gateway runs such a request
 * through its pipeline (apps/gateway/src/app/pipeline/install-pipeline.ts).
 */
export function refuseUnsupportedExpectations(server: Server, body: RefusalBody = fail): void {
  server.on('checkExpectation', (req: IncomingMessage, res: ServerResponse) => {
    const text = JSON.stringify(body(unsupportedExpectation(req.headers.expect)));
    res.writeHead(417, {
      'content-type': 'application/json; charset=utf-8',
      'content-length': Buffer.byteLength(text),
      [REQUEST_ID_HEADER]: requestIdFrom(req.headers),
      connection: 'close',
    });
    res.end(text);
  });
}

/** The message of a 417: which expectation, and what to send instead. */
export function unsupportedExpectation(expect: string | undefined): string {
  return `Expect: ${expect ?? ''} cannot be met: only "Expect: 100-continue" is supported. Send the request without the other expectation.`;
}

/** A complete JSON answer written straight to a socket Node has not given a response object for. */
function writeRawAnswer(socket: Duplex, status: number, body: string): void {
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\n` +
      'Content-Type: application/json; charset=utf-8\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\n` +
      'Connection: close\r\n\r\n' +
      body,
  );
}
