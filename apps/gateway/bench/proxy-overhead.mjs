// Proxy overhead: the built gateway vs a minimal undici proxy, same upstream,
// each in its own process, autocannon in this one. Run after `nx build gateway`:
//   node apps/gateway/bench/proxy-overhead.mjs      (DUR=seconds, CONN=connections)
// Issue 8 targets gateway >= 0.85x the minimal proxy; on a loaded machine
// repeat it and compare medians.
import autocannon from 'autocannon';
import { children, startListening, stopAll } from './listening-process.mjs';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const dir = mkdtempSync(join(tmpdir(), 'gw-bench-'));
const start = startListening;

const upstreamSrc = `
const http = require('node:http');
const body = '{"Success":true,"Data":{"Id":1},"Message":"OK","Errors":null}';
const s = http.createServer((req, res) => { req.resume(); req.on('end', () => { res.writeHead(200, { 'content-type': 'application/json' }); res.end(body); }); });
s.keepAliveTimeout = 60000;
s.listen(0, '127.0.0.1', () => console.log('Listening on http://127.0.0.1:' + s.address().port));`;
const minimalSrc = `
const http = require('node:http');
const { Pool } = require(${JSON.stringify(join(process.cwd(), 'node_modules/undici'))});
const pool = new Pool(process.env.UP, { connections: 64 });
const s = http.createServer(async (req, res) => {
  try {
    const r = await pool.request({ method: req.method, path: req.url.replace(/^\\/users/, ''), headers: req.headers, body: req.method === 'GET' ? undefined : req });
    res.writeHead(r.statusCode, r.headers); r.body.pipe(res);
  } catch { res.statusCode = 502; res.end(); }
});
s.keepAliveTimeout = 60000;
s.listen(0, '127.0.0.1', () => console.log('Listening on http://127.0.0.1:' + s.address().port));`;

const up = await start(['-e', upstreamSrc]);
const minimal = await start(['-e', minimalSrc], { UP: up });
const config = join(dir, 'gateway.json');
writeFileSync(config, JSON.stringify({
  cors: { defaultPolicy: 'AllowAll', policies: { AllowAll: { origins: ['*'], headers: ['*'], methods: ['*'] } } },
  routes: [{ upstream: '/users/{everything}', downstream: '/{everything}', service: 'u', methods: ['GET', 'POST'] }],
  discovery: { services: { u: [up] } },
}));
const gateway = await start(['dist/apps/gateway/main.js'], { PORT: '0', HOST: '127.0.0.1', GATEWAY_CONFIG: config, LOG_LEVEL: process.env.GW_LOG ?? 'warn' });

// CPU time (user+sys, ms) of a child: on a shared, loaded machine CPU per request
// is a steadier measure of proxy overhead than requests per second.
const cpuMs = (pid) => {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return ((Number(f[11]) + Number(f[12])) * 1000) / 100;
};
const pidOf = { minimal: children[1].pid, gateway: children[2].pid };
const run = (url) =>
  new Promise((resolve, reject) =>
    autocannon({ url: `${url}/users/user/me`, connections: Number(process.env.CONN ?? 50), duration: Number(process.env.DUR ?? 8), headers: { origin: 'http://localhost:7152' } }, (e, r) => (e ? reject(e) : resolve(r))),
  );
const results = { minimal: [], gateway: [] };
for (let round = 0; round < Number(process.env.ROUNDS ?? 2); round++) {
  for (const [name, url] of [['minimal', minimal], ['gateway', gateway]]) {
    const before = cpuMs(pidOf[name]);
    const r = await run(url);
    const cpuUsPerRequest = +(((cpuMs(pidOf[name]) - before) * 1000) / r.requests.total).toFixed(1);
    results[name].push({ rps: r.requests.average, p99: r.latency.p99, non2xx: r.non2xx, cpuUsPerRequest });
  }
}
const median = (xs, key) => xs.map((x) => x[key]).sort((a, b) => a - b)[Math.floor(xs.length / 2)];
console.log(JSON.stringify({
  ...results,
  rpsRatio: +(median(results.gateway, 'rps') / median(results.minimal, 'rps')).toFixed(3),
  // >= 0.85 means the gateway costs at most 1/0.85 the CPU of the minimal proxy per request.
  cpuRatio: +(median(results.minimal, 'cpuUsPerRequest') / median(results.gateway, 'cpuUsPerRequest')).toFixed(3),
}));
stopAll();
