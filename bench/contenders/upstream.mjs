// The proxied case's upstream: bare node:http answering `GET /user/me` with a
// ~150-byte JSON envelope, as user-service would, minus the work.
import { createServer } from 'node:http';
import { ME_BODY, PROXIED_PATH_UPSTREAM } from '../lib/shared.mjs';
import { listen } from './listen.mjs';

const body = Buffer.from(ME_BODY);
const headers = { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': String(body.length) };

const server = createServer((req, res) => {
  if (req.method === 'GET' && req.url === PROXIED_PATH_UPSTREAM) {
    res.writeHead(200, headers);
    res.end(body);
    return;
  }
  res.writeHead(404, { 'Content-Length': '0' });
  res.end();
});
server.keepAliveTimeout = 65_000;
listen(server);
