import { fail } from './api-envelope';
import { STATUS_CODES, type IncomingMessage, type Server } from 'node:http';
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

/** The error body of a refused CONNECT: the envelope unless the app has a JSON error shape of its own. */
export type ConnectRefusalBody = (message: string) => unknown;

/**
 * Answers CONNECT, a request for a tunnel to another host (RFC 9110 §9.3.6),
 * which none of our apps opens: 405 with a JSON error body and `Connection:
 * close`. Node hands CONNECT to the server's `connect` listener and, when
 * there is none, closes the connection without any answer.
 */
export function refuseConnectRequests(server: Server, body: ConnectRefusalBody = fail): void {
  server.on('connect', (req: IncomingMessage, socket: Duplex) => {
    socket.on('error', () => socket.destroy());
    const message = `CONNECT ${req.url ?? ''} is not served: this server opens no tunnels. Send plain HTTP requests to its paths.`;
    writeRawAnswer(socket, 405, JSON.stringify(body(message)));
  });
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
