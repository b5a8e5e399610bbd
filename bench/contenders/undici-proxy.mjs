// The ceiling for a Node reverse proxy here: node:http in, one undici keep-alive
// Pool out, hop-by-hop headers dropped (RFC 9110 §7.6.1). No routing, no CORS,
// no logging: everything the gateway adds is measured against this.
// `pool.stream()` writes the upstream body straight into `res` (no intermediate
// Readable and pipeline): measured here at about half the CPU per request of
// `pool.request()` + `pipeline(body, res)`, so it is the honest ceiling.
//
// With WITH_GATEWAY_HEADERS=1 it also sends the headers the gateway adds, with
// fixed values and no logic behind them: six on the request to the upstream
// (X-Forwarded-For/-Proto/-Host, X-Request-Id, traceparent, the route's
// X-Gateway transform) and six on the answer (X-Request-Id, the three
// MixedPolicy CORS headers, Vary, the route's X-Content-Type-Options
// transform). The bench's proxied suite runs it as a diagnostic row: what
// the gateway's bytes and headers cost on their own, through the same
// node:http and undici work, before any routing, CORS or logging logic.
import { createServer } from 'node:http';
import { Pool } from 'undici';
import { listen } from './listen.mjs';

const upstream = process.env.UPSTREAM_URL;
if (!upstream) throw new Error('UPSTREAM_URL is required');
const pool = new Pool(upstream, { connections: 64, keepAliveTimeout: 60_000 });

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'te', 'trailer', 'upgrade', 'host']);

const withGatewayHeaders = process.env.WITH_GATEWAY_HEADERS === '1';
const REQUEST_ID = '5f0e8c1a-3b7d-4e2a-9c6f-1d2e3f4a5b6c';
const TO_UPSTREAM = withGatewayHeaders
  ? {
      'x-forwarded-for': '127.0.0.1',
      'x-forwarded-proto': 'http',
      'x-forwarded-host': '127.0.0.1:7204',
      'x-request-id': REQUEST_ID,
      'x-gateway': 'corsway',
      traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00',
    }
  : null;
const TO_CLIENT = withGatewayHeaders
  ? {
      'x-request-id': REQUEST_ID,
      'Access-Control-Allow-Origin': 'http://localhost:7152',
      'Access-Control-Allow-Credentials': 'true',
      'Access-Control-Expose-Headers': 'X-Request-Id',
      vary: 'Origin',
      'x-content-type-options': 'nosniff',
    }
  : null;

function forwardable(headers, added) {
  const out = {};
  for (const k in headers) if (!HOP_BY_HOP.has(k)) out[k] = headers[k];
  if (added !== null) for (const k in added) out[k] = added[k];
  return out;
}

function onHeaders({ statusCode, headers, opaque: res }) {
  res.writeHead(statusCode, forwardable(headers, TO_CLIENT));
  return res;
}

const server = createServer((req, res) => {
  const hasBody = req.method !== 'GET' && req.method !== 'HEAD';
  pool.stream(
    { method: req.method, path: req.url, headers: forwardable(req.headers, TO_UPSTREAM), body: hasBody ? req : null, opaque: res },
    onHeaders,
    (err) => {
      if (!err) return;
      if (res.headersSent) res.destroy(err);
      else {
        res.writeHead(502, { 'Content-Length': '0' });
        res.end();
      }
    },
  );
});
listen(server);
