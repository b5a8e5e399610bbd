import http from 'node:http';
import { Pool } from 'undici';
import autocannon from 'autocannon';
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';

const listen = (srv) => new Promise((r) => srv.listen(0, '127.0.0.1', () => r(srv.address().port)));
const upstream = http.createServer((req, res) => { req.resume(); req.on('end', () => { res.writeHead(200, { 'content-type': 'application/json' }); res.end('{"Success":true,"Data":{"x":1},"Message":"OK","Errors":null}'); }); });
upstream.keepAliveTimeout = 60000;
const up = await listen(upstream);
const pool = new Pool(`http://127.0.0.1:${up}`, { connections: 64 });
const minimal = http.createServer(async (req, res) => {
  const r = await pool.request({ method: req.method, path: req.url.replace(/^\/users/, ''), headers: req.headers, body: req.method === 'GET' ? undefined : req });
  res.writeHead(r.statusCode, r.headers); r.body.pipe(res);
});
minimal.keepAliveTimeout = 60000;
const mp = await listen(minimal);
writeFileSync('/tmp/bench-gw.json', JSON.stringify({ cors: { defaultPolicy: 'AllowAll', policies: { AllowAll: { origins: ['*'], headers: ['*'], methods: ['*'] } } }, routes: [{ upstream: '/users/{everything}', downstream: '/{everything}', service: 'u', methods: ['GET', 'POST'] }], discovery: { services: { u: [`http://127.0.0.1:${up}`] } } }));
const gw = spawn('node', ['dist/apps/gateway/main.js'], { env: { ...process.env, PORT: '0', HOST: '127.0.0.1', GATEWAY_CONFIG: '/tmp/bench-gw.json', LOG_LEVEL: process.env.GW_LOG ?? 'warn' }, stdio: ['ignore', 'pipe', 'inherit'] });
const gwUrl = await new Promise((r) => gw.stdout.on('data', (d) => { const m = /Listening on (\S+)/.exec(String(d)); if (m) r(m[1]); }));
gw.stdout.resume();
const run = (url) => new Promise((r) => autocannon({ url: url + '/users/user/me', connections: 50, duration: Number(process.env.DUR ?? 8), headers: { origin: 'http://localhost:7152' } }, (e, res) => r(res)));
await run(`http://127.0.0.1:${mp}`); // warm
const a = await run(`http://127.0.0.1:${mp}`);
await run(gwUrl);
const b = await run(gwUrl);
console.log(JSON.stringify({ minimal: { rps: a.requests.average, p99: a.latency.p99 }, gateway: { rps: b.requests.average, p99: b.latency.p99, non2xx: b.non2xx }, ratio: +(b.requests.average / a.requests.average).toFixed(3) }));
gw.kill('SIGTERM'); upstream.close(); minimal.close(); await pool.close(); process.exit(0);
