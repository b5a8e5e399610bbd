// Where to mount the proxy inside a Nest-on-Fastify app (issue 5 asked to
// measure): a plain Fastify catch-all route vs a Nest `@All('*')` controller,
// both doing the same undici pass-through to the same upstream, each in its
// own process, nothing else enabled. Run: node apps/gateway/bench/mount-overhead.mjs
import autocannon from 'autocannon';
import { startListening, stopAll } from './listening-process.mjs';

const start = (src, env = {}) => startListening(['-e', src], env);

const upstream = `
const http = require('node:http');
const s = http.createServer((req, res) => { req.resume(); req.on('end', () => { res.writeHead(200, { 'content-type': 'application/json' }); res.end('{"Success":true}'); }); });
s.keepAliveTimeout = 60000;
s.listen(0, '127.0.0.1', () => console.log('Listening on http://127.0.0.1:' + s.address().port));`;

const app = (mount) => `
require('reflect-metadata');
const { NestFactory } = require('@nestjs/core');
const { Module, Controller, All, Req, Res } = require('@nestjs/common');
const { FastifyAdapter } = require('@nestjs/platform-fastify');
const { Pool } = require('undici');
const pool = new Pool(process.env.UP, { connections: 64 });
async function proxy(request, reply) {
  const r = await pool.request({ method: request.method, path: request.raw.url, headers: { accept: '*/*' } });
  reply.code(r.statusCode).header('content-type', r.headers['content-type']);
  return reply.send(r.body);
}
class ProxyController { handle(req, res) { return proxy(req, res); } }
Controller()(ProxyController);
const d = Object.getOwnPropertyDescriptor(ProxyController.prototype, 'handle');
Req()(ProxyController.prototype, 'handle', 0);
Res()(ProxyController.prototype, 'handle', 1);
All('*')(ProxyController.prototype, 'handle', d);
Reflect.defineMetadata('design:paramtypes', [Object, Object], ProxyController.prototype, 'handle');
class AppModule {}
Module({ controllers: ${mount === 'nest' ? '[ProxyController]' : '[]'} })(AppModule);
(async () => {
  const nest = await NestFactory.create(AppModule, new FastifyAdapter(), { logger: false });
  ${mount === 'fastify' ? "nest.getHttpAdapter().getInstance().all('/*', proxy);" : ''}
  await nest.listen(0, '127.0.0.1');
  console.log('Listening on http://127.0.0.1:' + nest.getHttpServer().address().port);
})();`;

const up = await start(upstream);
const urls = { fastify: await start(app('fastify'), { UP: up }), nest: await start(app('nest'), { UP: up }) };
const run = (url) =>
  new Promise((resolve, reject) =>
    autocannon({ url: `${url}/users/user/me`, connections: 50, duration: Number(process.env.DUR ?? 6) }, (e, r) => (e ? reject(e) : resolve(r))),
  );
const results = { fastify: [], nest: [] };
for (let round = 0; round < Number(process.env.ROUNDS ?? 3); round++) {
  for (const name of ['fastify', 'nest']) {
    const r = await run(urls[name]);
    results[name].push({ rps: r.requests.average, non2xx: r.non2xx });
  }
}
const median = (xs) => xs.map((x) => x.rps).sort((a, b) => a - b)[Math.floor(xs.length / 2)];
console.log(JSON.stringify({ ...results, nestOverFastify: +(median(results.nest) / median(results.fastify)).toFixed(3) }));
stopAll();
