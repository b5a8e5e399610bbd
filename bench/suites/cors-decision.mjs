// CORS decision ops/s in-process: our evaluateCors + applyCorsDecision vs
// expressjs/cors vs @fastify/cors, same policy, same request (bench/README.md, target ≥ 2 × expressjs/cors).
// Each measurement is its own process (suites/cors-ops.cjs) on the server CPU.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { runCaptured, SERVER_CPU } from '../lib/proc.mjs';
import { BENCH_DIR, ROOT } from '../lib/shared.mjs';
import { max, median, min } from '../lib/stats.mjs';

const LIBS = [
  { id: 'ours', name: '@corsway/cors evaluateCors + applyCorsDecision', target: { ratio: 2, text: '≥ 2 × expressjs/cors' } },
  { id: 'packaged', name: '@corsway/cors packaged build (dist/libs/cors)', target: { ratio: 2, text: '≥ 2 × expressjs/cors' } },
  { id: 'expressjs', name: 'expressjs/cors middleware' },
  { id: 'fastify', name: '@fastify/cors onRequest hook' },
];
const SCENARIOS = [
  { id: 'preflight', label: 'preflight' },
  { id: 'actual', label: 'actual POST' },
];

async function runOnce(lib, scenario, ms) {
  const pre = lib === 'ours' ? ['-r', '@swc-node/register'] : [];
  const out = await runCaptured({
    cmd: process.execPath,
    args: [...pre, join(BENCH_DIR, 'suites', 'cors-ops.cjs'), lib, scenario, String(ms)],
    cpu: SERVER_CPU,
    cwd: ROOT,
    env: { ...process.env, SWC_NODE_PROJECT: join(ROOT, 'tsconfig.base.json'), NODE_OPTIONS: '' },
  });
  return JSON.parse(out.trim().split('\n').pop());
}

export async function runCorsDecision(ctx) {
  const { P, log } = ctx;
  // The packaged row measures what `npm i @corsway/cors` installs: build it when missing.
  if (!existsSync(join(ROOT, 'dist', 'libs', 'cors', 'src', 'index.js'))) {
    log('building cors (nx build cors)...');
    spawnSync('npx', ['nx', 'build', 'cors'], { cwd: ROOT, env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false' }, stdio: 'ignore' });
  }
  log('\n== CORS decision, in-process ops/s (StrictMvc)');
  const cells = new Map();
  for (const s of SCENARIOS) for (const l of LIBS) cells.set(`${s.id}/${l.id}`, { samples: [], error: null, headers: null });
  for (let r = 1; r <= P.opsRounds; r++) {
    for (const s of SCENARIOS) {
      for (const l of LIBS) {
        const cell = cells.get(`${s.id}/${l.id}`);
        if (cell.error) continue;
        try {
          const res = await runOnce(l.id, s.id, P.opsMs);
          cell.samples.push(res.opsPerSec);
          cell.headers = res.headers;
          cell.status = res.status;
          log(`  round ${r}/${P.opsRounds} ${s.id.padEnd(9)} ${l.id.padEnd(9)} ${Math.round(res.opsPerSec).toString().padStart(9)} ops/s`);
        } catch (err) {
          cell.error = err.message;
          log(`  ${s.id} ${l.id}: ${err.message}`);
        }
      }
    }
  }
  const rows = [];
  for (const s of SCENARIOS) {
    const base = cells.get(`${s.id}/expressjs`);
    const baseMedian = base.error ? null : median(base.samples);
    for (const l of LIBS) {
      const cell = cells.get(`${s.id}/${l.id}`);
      const m = cell.error ? null : median(cell.samples);
      const ratio = m !== null && baseMedian ? m / baseMedian : null;
      rows.push({
        suite: 'cors-decision',
        id: `${s.id}/${l.id}`,
        name: `${l.name} (${s.label})`,
        unit: 'ops/s',
        median: m,
        min: cell.error ? null : min(cell.samples),
        max: cell.error ? null : max(cell.samples),
        samples: cell.samples,
        ratio,
        ratioOf: `${s.id}/expressjs`,
        target: l.target?.text ?? null,
        met: l.target && ratio !== null ? ratio >= l.target.ratio : null,
        check: cell.headers ? { status: cell.status, headers: cell.headers } : null,
        error: cell.error ? cell.error.split('\n')[0] : null,
      });
    }
  }
  return rows;
}
