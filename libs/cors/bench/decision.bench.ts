/* eslint-disable @typescript-eslint/no-explicit-any */
// `npx nx run cors:bench` (target in bench/README.md: corsway ≥ 2× expressjs/cors).
// In-process CORS decision + header writing for the same StrictMvc-like
// policy, against expressjs/cors and @fastify/cors, on the same fake
// request/response objects, in one run. Prints a table with ratios.
import expressCors from 'cors';
import fastifyCors from '@fastify/cors';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { applyCorsDecision, corsRequestFromHeaders, CorsPolicyBuilder, evaluateCors, type CorsPolicy } from '../src';
import { CorsEngine } from '../src/lib/nest/cors-engine';
import { CorsPolicyProvider } from '../src/lib/nest/cors-policy.provider';

const WEB = 'http://localhost:7152';
const policy = new CorsPolicyBuilder('StrictMvc').withOrigins(WEB).withHeaders('Content-Type', 'Authorization').withMethods('GET', 'POST').build();

/** One response object every implementation writes to (Node and Fastify shapes). */
class FakeResponse {
  private readonly h = new Map<string, string>();
  statusCode = 200;
  setHeader(n: string, v: string) { this.h.set(n.toLowerCase(), v); return this; }
  header(n: string, v: string) { return this.setHeader(n, v); }
  getHeader(n: string) { return this.h.get(n.toLowerCase()); }
  removeHeader(n: string) { this.h.delete(n.toLowerCase()); }
  code(s: number) { this.statusCode = s; return this; }
  status(s: number) { return this.code(s); }
  type() { return this; }
  send() { return this; }
  end() { return this; }
  reset() { this.h.clear(); this.statusCode = 200; }
  get size() { return this.h.size; }
}

const scenarios = {
  'actual, allowed origin': { method: 'GET', url: '/users/user/me', headers: { origin: WEB } as Record<string, string> },
  'preflight, allowed': { method: 'OPTIONS', url: '/users/user/login',
    headers: { origin: WEB, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' } as Record<string, string> },
  'actual, refused origin': { method: 'GET', url: '/users/user/me', headers: { origin: 'https://evil.example' } as Record<string, string> },
};
type Req = (typeof scenarios)[keyof typeof scenarios];

const noop = () => undefined;

function corswayDecision(req: Req, res: FakeResponse) {
  const d = evaluateCors(corsRequestFromHeaders(req.method, req.headers), policy);
  applyCorsDecision(d, res);
  if (d.kind === 'preflight') res.statusCode = d.status as number;
}

const engine = new CorsEngine(new CorsPolicyProvider({ policies: { StrictMvc: policy }, defaultPolicy: 'StrictMvc' }), { warn: noop, error: noop }, false);
function corswayHook(req: Req, res: FakeResponse) {
  const d = engine.decide(req.method, req.url, req.headers);
  if (d !== null) {
    applyCorsDecision(d, res);
    if (d.kind === 'preflight') res.statusCode = d.status as number;
  }
}

const expressMw = expressCors({ origin: [WEB], methods: ['GET', 'POST'], allowedHeaders: ['Content-Type', 'Authorization'] });
function expressjsCors(req: Req, res: FakeResponse) {
  expressMw(req as any, res as any, noop);
}

let fastifyHook: any;
(fastifyCors as any)(
  { decorateRequest: noop, addHook: (_n: string, fn: unknown) => (fastifyHook = fn), options: noop },
  { origin: [WEB], methods: ['GET', 'POST'], allowedHeaders: ['Content-Type', 'Authorization'] },
  noop,
);
const routeOptions = { config: {} };
function fastifyjsCors(req: Req, res: FakeResponse) {
  fastifyHook({ headers: req.headers, raw: { method: req.method }, routeOptions }, res, noop);
}

// The packaged build (`nx build cors` → dist/libs/cors), when built: what `npm i @corsway/cors` runs.
const distEntry = join(__dirname, '..', '..', '..', 'dist', 'libs', 'cors');
const dist = existsSync(join(distEntry, 'package.json')) ? (require(distEntry) as typeof import('../src')) : null;
const distPolicy = dist && new dist.CorsPolicyBuilder('StrictMvc').withOrigins(WEB).withHeaders('Content-Type', 'Authorization').withMethods('GET', 'POST').build();
function packagedDecision(req: Req, res: FakeResponse) {
  const lib = dist as typeof import('../src');
  const d = lib.evaluateCors(lib.corsRequestFromHeaders(req.method, req.headers), distPolicy as CorsPolicy);
  lib.applyCorsDecision(d, res);
  if (d.kind === 'preflight') res.statusCode = d.status as number;
}

const impls: [string, (req: Req, res: FakeResponse) => void][] = [
  ['corsway evaluateCors+apply', corswayDecision],
  ...(dist ? [['corsway packaged (dist/libs/cors)', packagedDecision] as [string, (req: Req, res: FakeResponse) => void]] : []),
  ['corsway Nest hook (route lookup)', corswayHook],
  ['expressjs/cors 2.8', expressjsCors],
  ['@fastify/cors 11', fastifyjsCors],
];

function measure(fn: (req: Req, res: FakeResponse) => void, req: Req, ms: number): number {
  const res = new FakeResponse();
  let n = 0;
  let sink = 0;
  const end = process.hrtime.bigint() + BigInt(ms) * 1_000_000n;
  const start = process.hrtime.bigint();
  let now = start;
  while (now < end) {
    for (let i = 0; i < 1000; i++) {
      res.reset();
      fn(req, res);
      sink += res.size;
    }
    n += 1000;
    now = process.hrtime.bigint();
  }
  if (sink === -1) console.log(sink);
  return n / (Number(now - start) / 1e9);
}

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const MS = Number(process.env.BENCH_MS ?? 300);
console.log(`CORS decision ops/s (best of ${ROUNDS} × ${MS} ms, Node ${process.version}); ratio = vs expressjs/cors\n`);
const rows: string[][] = [];
for (const [name, req] of Object.entries(scenarios)) {
  const best = new Map<string, number>();
  for (const [label, fn] of impls) measure(fn, req, 100); // warm-up
  for (let r = 0; r < ROUNDS; r++) {
    for (const [label, fn] of impls) best.set(label, Math.max(best.get(label) ?? 0, measure(fn, req, MS)));
  }
  const base = best.get('expressjs/cors 2.8') as number;
  for (const [label] of impls) {
    const ops = best.get(label) as number;
    rows.push([name, label, Math.round(ops).toLocaleString('en-US'), `${(ops / base).toFixed(2)}×`]);
  }
}
const head = ['scenario', 'implementation', 'ops/s', 'ratio'];
const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
const line = (cells: string[]) => `| ${cells.map((c, i) => (i >= 2 ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join(' | ')} |`;
console.log(line(head));
console.log(`|${widths.map((w, i) => (i >= 2 ? `${'-'.repeat(w + 1)}:` : '-'.repeat(w + 2))).join('|')}|`);
for (const r of rows) console.log(line(r));
