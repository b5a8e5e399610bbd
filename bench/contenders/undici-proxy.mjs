// The ceiling for a Node reverse proxy here: node:http in, one undici keep-alive
// Pool out, hop-by-hop headers dropped (RFC 9110 §7.6.1). No routing, no CORS,
// no logging: everything the gateway adds is measured against this.
// `pool.stream()` writes the upstream body straight into `res` (no intermediate
// Readable and pipeline): measured here at about half the CPU per request of
// `pool.request()` + `pipeline(body, res)`, so it is the honest ceiling.
import { createServer } from 'node:http';
import { Pool } from 'undici';
import { listen } from './listen.mjs';

const upstream = process.env.UPSTREAM_URL;
if (!upstream) throw new Error('UPSTREAM_URL is required');
const pool = new Pool(upstream, { connections: 64, keepAliveTimeout: 60_000 });

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'te', 'trailer', 'upgrade', 'host']);

function forwardable(headers) {
  const out = {};
  for (const k in headers) if (!HOP_BY_HOP.has(k)) out[k] = headers[k];
  return out;
}

function onHeaders({ statusCode, headers, opaque: res }) {
  res.writeHead(statusCode, forwardable(headers));
  return res;
}

const server = createServer((req, res) => {
  const hasBody = req.method !== 'GET' && req.method !== 'HEAD';
  pool.stream(
    { method: req.method, path: req.url, headers: forwardable(req.headers), body: hasBody ? req : null, opaque: res },
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
