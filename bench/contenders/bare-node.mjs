// Contender: bare node:http answering the StrictMvc preflight with the same
// 204 the gateway sends: the headers a correct policy sends, and a fresh
// X-Request-Id (every gateway answer names its request, docs/ARCHITECTURE.md
// "Gateway pipeline"), made the plain way. The ceiling for any Node server.
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import { ORIGIN, PREFLIGHT_RESPONSE_HEADERS } from '../lib/shared.mjs';
import { listen } from './listen.mjs';

const allowMethods = new Set(['GET', 'POST']);

const server = createServer((req, res) => {
  if (
    req.method === 'OPTIONS' &&
    req.headers.origin === ORIGIN &&
    allowMethods.has(req.headers['access-control-request-method'])
  ) {
    res.writeHead(204, { 'X-Request-Id': randomUUID(), ...PREFLIGHT_RESPONSE_HEADERS });
    res.end();
    return;
  }
  res.writeHead(404, { 'Content-Length': '0' });
  res.end();
});
listen(server);
