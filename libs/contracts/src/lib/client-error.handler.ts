import { fail } from './api-envelope';
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';

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
  const body = JSON.stringify(fail(MESSAGES[status]));
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\n` +
      'Content-Type: application/json; charset=utf-8\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\n` +
      'Connection: close\r\n\r\n' +
      body,
  );
}
