// CORS decision ops/s in-process (bench/README.md "CORS decision"): the same StrictMvc policy and
// the same request, given to our evaluateCors + applyCorsDecision, to expressjs/cors
// and to @fastify/cors's onRequest hook, each with a minimal response object.
// One library per process (no shared JIT state), pinned by the caller:
//   node -r @swc-node/register bench/suites/cors-ops.cjs <ours|packaged|expressjs|fastify> <preflight|actual> <ms>
// Prints one JSON line { lib, scenario, ops, opsPerSec, headers }.
'use strict';
const path = require('node:path');

const ORIGIN = 'http://localhost:7152';
const STRICT_MVC = { origin: [ORIGIN], allowedHeaders: ['Content-Type', 'Authorization'], methods: ['GET', 'POST'] };
const REQUESTS = {
  preflight: {
    method: 'OPTIONS',
    path: '/users/user/login',
    headers: { origin: ORIGIN, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
  },
  actual: { method: 'POST', path: '/users/user/login', headers: { origin: ORIGIN, 'content-type': 'application/json' } },
};

/** The smallest response both middleware styles can write to. */
class MockResponse {
  constructor() {
    this.statusCode = 200;
    this.headers = {};
    this.ended = false;
  }
  setHeader(k, v) {
    this.headers[k.toLowerCase()] = v;
    return this;
  }
  getHeader(k) {
    return this.headers[k.toLowerCase()];
  }
  removeHeader(k) {
    delete this.headers[k.toLowerCase()];
  }
  end() {
    this.ended = true;
  }
}

/** The reply surface @fastify/cors uses. */
class MockReply extends MockResponse {
  header(k, v) {
    return this.setHeader(k, v);
  }
  code(s) {
    this.statusCode = s;
    return this;
  }
  status(s) {
    return this.code(s);
  }
  type() {
    return this;
  }
  send() {
    this.ended = true;
    return this;
  }
}

function ours(scenario, entry = path.join('libs', 'cors', 'src', 'index.ts')) {
  const root = path.join(__dirname, '..', '..');
  const lib = require(path.join(root, entry));
  const policy = new lib.CorsPolicyBuilder()
    .withOrigins(...STRICT_MVC.origin)
    .withHeaders(...STRICT_MVC.allowedHeaders)
    .withMethods(...STRICT_MVC.methods)
    .build();
  const r = REQUESTS[scenario];
  // Same work as the middlewares: read the headers, decide, write, end a preflight.
  return () => {
    const res = new MockResponse();
    const d = lib.evaluateCors(lib.corsRequestFromHeaders(r.method, r.headers), policy);
    lib.applyCorsDecision(d, res);
    if (d.kind === 'preflight') {
      res.statusCode = d.status;
      res.end();
    }
    return res;
  };
}

// The packaged build (`nx build cors` → dist/libs/cors, what `npm i @corsway/cors` installs): plain JS, no TS hook.
function packaged(scenario) {
  return ours(scenario, path.join('dist', 'libs', 'cors'));
}

function expressjs(scenario) {
  const mw = require('cors')({ ...STRICT_MVC });
  const r = REQUESTS[scenario];
  const req = { method: r.method, url: r.path, headers: r.headers };
  const next = () => {};
  return () => {
    const res = new MockResponse();
    mw(req, res, next);
    return res;
  };
}

function fastify(scenario) {
  const plugin = require('@fastify/cors');
  let hook = null;
  const fakeFastify = {
    decorateRequest() {},
    addHook(name, fn) {
      if (name === 'onRequest') hook = fn;
    },
    options() {},
  };
  plugin(fakeFastify, { ...STRICT_MVC }, () => {});
  if (!hook) throw new Error('@fastify/cors registered no onRequest hook');
  const r = REQUESTS[scenario];
  const next = () => {};
  return () => {
    const req = { raw: { method: r.method }, headers: r.headers, routeOptions: { config: {} }, corsPreflightEnabled: false };
    const reply = new MockReply();
    hook(req, reply, next);
    return reply;
  };
}

const [lib, scenario = 'preflight', msArg = '1000'] = process.argv.slice(2);
const factories = { ours, packaged, expressjs, fastify };
if (!factories[lib] || !REQUESTS[scenario]) {
  console.error('usage: cors-ops.cjs <ours|packaged|expressjs|fastify> <preflight|actual> <ms>');
  process.exit(2);
}
const op = factories[lib](scenario);

// Warm-up (JIT), then count whole batches until the time is up.
const BATCH = 2_000;
let last;
const warmEnd = Date.now() + Math.min(500, Number(msArg) / 2);
while (Date.now() < warmEnd) for (let i = 0; i < BATCH; i++) last = op();
let ops = 0;
const t0 = process.hrtime.bigint();
const budgetNs = BigInt(Number(msArg) * 1e6);
for (;;) {
  for (let i = 0; i < BATCH; i++) last = op();
  ops += BATCH;
  if (process.hrtime.bigint() - t0 >= budgetNs) break;
}
const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
// The last response proves the work was done (and was the right work).
console.log(JSON.stringify({ lib, scenario, ops, opsPerSec: ops / seconds, status: last.statusCode, headers: last.headers }));
