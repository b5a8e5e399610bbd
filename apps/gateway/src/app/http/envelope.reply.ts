import { fail } from '@corsway/contracts';
import { STATUS_CODES, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { GatewayHttpError } from './gateway-http.error';

/**
 * The one writer of the gateway's own answers: the envelope
 * `{Success: false, Data: null, Message, Errors}` (docs/ARCHITECTURE.md "The
 * API contract"), its head starting with `head` (the request id and the
 * route's CORS headers: errors without CORS headers are unreadable in
 * browsers, Ocelot #210, #1340), then the error's own headers.
 */
export function writeEnvelopeError(res: ServerResponse, err: GatewayHttpError, head: readonly string[]): void {
  const body = JSON.stringify(fail(err.message));
  res.writeHead(err.status, envelopeHead(err, head, body));
  res.end(body);
}

/**
 * The same answer on a raw socket: a refused WebSocket upgrade has no
 * ServerResponse (Node hands the `upgrade` event a socket), so the status line
 * and head are written by hand and the connection is closed after the body.
 */
export function writeEnvelopeErrorToSocket(socket: Duplex, err: GatewayHttpError, head: readonly string[]): void {
  if (socket.destroyed) return;
  const body = JSON.stringify(fail(err.message));
  const fields = envelopeHead(err, head, body);
  let text = `HTTP/1.1 ${err.status} ${STATUS_CODES[err.status] ?? 'Error'}\r\n`;
  for (let i = 0; i < fields.length; i += 2) text += `${fields[i]}: ${fields[i + 1]}\r\n`;
  socket.end(`${text}connection: close\r\n\r\n${body}`);
}

function envelopeHead(err: GatewayHttpError, head: readonly string[], body: string): string[] {
  const all = head.slice();
  for (const name in err.headers) all.push(name, err.headers[name]);
  all.push('content-type', 'application/json; charset=utf-8', 'content-length', String(Buffer.byteLength(body)));
  return all;
}
