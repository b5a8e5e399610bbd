// Contender: bare node:http answering the StrictMvc preflight with the same
// headers a correct policy sends. The ceiling for any Node server.
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
    res.writeHead(204, PREFLIGHT_RESPONSE_HEADERS);
    res.end();
    return;
  }
  res.writeHead(404, { 'Content-Length': '0' });
  res.end();
});
listen(server);
