// The StrictMvc preflight (OPTIONS /users/user/login, Origin http://localhost:7152,
// ACRM POST, ACRH content-type) against every contender.
import { join } from 'node:path';
import { corsHeaders, preflightProblem, probe } from '../lib/check.mjs';
import { startGateway, writeGatewayConfig } from '../lib/apps.mjs';
import { startServer, stopServer } from '../lib/proc.mjs';
import { measureAlternating, throughputRows } from '../lib/rounds.mjs';
import { BENCH_DIR, ORIGIN, PREFLIGHT_HEADERS, PREFLIGHT_PATH } from '../lib/shared.mjs';
import { HAS_NGINX, startNginx } from '../contenders/nginx.mjs';

const node = (file) => ({ args: [join(BENCH_DIR, 'contenders', file)] });

export const PREFLIGHT_CONTENDERS = [
  { id: 'bare-node', name: 'bare Node http (same 204)', start: (ctx) => startServer({ name: 'bare-node', ...node('bare-node.mjs'), workDir: ctx.workDir }) },
  { id: 'nest-express', name: 'NestJS default: Express + enableCors', start: (ctx) => startServer({ name: 'nest-express', ...node('nest-express.mjs'), workDir: ctx.workDir }) },
  { id: 'nest-fastify', name: 'NestJS + Fastify + enableCors', start: (ctx) => startServer({ name: 'nest-fastify', ...node('nest-fastify.mjs'), workDir: ctx.workDir }) },
  { id: 'fastify', name: 'bare Fastify + @fastify/cors', start: (ctx) => startServer({ name: 'fastify', ...node('fastify-cors.mjs'), workDir: ctx.workDir }) },
  {
    id: 'gateway',
    name: 'corsway gateway (StrictMvc route)',
    target: { ratio: 0.9, text: '≥ 0.90 × bare Node' },
    start: (ctx) => {
      if (ctx.gatewayError) throw new Error(ctx.gatewayError);
      const configPath = join(ctx.workDir, 'gateway.preflight.json');
      writeGatewayConfig(configPath, {});
      return startGateway({ name: 'gateway-preflight', configPath, workDir: ctx.workDir });
    },
  },
  {
    id: 'nginx',
    name: 'nginx, 1 worker (same headers)',
    start: (ctx) => {
      if (!HAS_NGINX) throw new Error('nginx not installed (apt-get install nginx-light)');
      return startNginx({ workDir: ctx.workDir, cpu: '0' });
    },
  },
];

export async function runPreflight(ctx) {
  const { P, log } = ctx;
  log(`\n== preflight: OPTIONS ${PREFLIGHT_PATH} from ${ORIGIN}`);
  const contenders = PREFLIGHT_CONTENDERS.map((c) => ({ ...c }));
  try {
    for (const c of contenders) {
      try {
        c.server = await c.start(ctx);
        c.pid = c.server.pid;
        const url = c.server.url + PREFLIGHT_PATH;
        const res = await probe(url, { method: 'OPTIONS', headers: PREFLIGHT_HEADERS });
        c.check = { status: res.status, headers: corsHeaders(res.headers) };
        const problem = preflightProblem(res, ORIGIN);
        if (problem) throw new Error(`preflight not granted: ${problem} (${JSON.stringify(c.check)})`);
        c.load = { url, method: 'OPTIONS', headers: PREFLIGHT_HEADERS };
      } catch (err) {
        c.error = err.message.split('\n')[0];
        c.errorDetail = err.message;
        log(`  ${c.id}: not measured: ${c.error}`);
      }
    }
    await measureAlternating({ contenders, rounds: P.rounds, durationSec: P.durationSec, warmupSec: P.warmupSec, log });
  } finally {
    for (const c of contenders) await stopServer(c.server);
  }
  return throughputRows('preflight', contenders, 'bare-node');
}
