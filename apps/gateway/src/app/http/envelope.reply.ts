import { fail } from '@corsway/contracts';
import type { ServerResponse } from 'node:http';
import type { GatewayHttpError } from './gateway-http.error';

/**
 * Answers with the envelope, its head starting with `edgeHead` (the request
 * id and the route's CORS headers: Ocelot #210, #1340, errors without CORS
 * headers are unreadable in browsers), then the error's own headers.
 */
export function writeEnvelopeError(res: ServerResponse, err: GatewayHttpError, edgeHead: readonly string[]): void {
  const body = JSON.stringify(fail(err.message));
  const head = edgeHead.slice();
  for (const name in err.headers) head.push(name, err.headers[name]);
  head.push('content-type', 'application/json; charset=utf-8', 'content-length', String(Buffer.byteLength(body)));
  res.writeHead(err.status, head);
  res.end(body);
}
