#!/usr/bin/env node
// `npm run bench` (full: 3 rounds, 10 s bursts, 60 s memory runs) and
// `npm run bench -- --quick` (CI smoke: 1 short round, proves the harness works).
// Prints one table and writes it as JSON: bench/results/latest.json for a full
// run, tmp/bench/quick.json for --quick (or --out <file>). See bench/README.md.
//
// Options: --quick, --out <file>, --only <suite,...> (preflight, proxied,
// websocket, attack, cors, login, memory, profile, instructions), --no-build (use the dist bundles as they are),
// --keep (keep the temp dir with every server's log).
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { ensureBuilt, snapshotApps } from './lib/apps.mjs';
import { LOADGEN } from './lib/load.mjs';
import { HAS_TASKSET } from './lib/proc.mjs';
import { machineInfo, renderMarkdown, renderText, updateReadme } from './lib/report.mjs';
import { BENCH_DIR, ROOT } from './lib/shared.mjs';
import { runCorsDecision } from './suites/cors-decision.mjs';
import { runInstructions } from './suites/instructions.mjs';
import { runLogin } from './suites/login.mjs';
import { runPreflight } from './suites/preflight.mjs';
import { runProfiles } from './suites/profile.mjs';
import { runProxied } from './suites/proxied.mjs';
import { runRss } from './suites/rss.mjs';
import { runUnderAttack } from './suites/under-attack.mjs';
import { runWebSocket } from './suites/websocket.mjs';

const argv = process.argv.slice(2);
const quick = argv.includes('--quick');
const flag = (name) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
};
const ALL = ['preflight', 'proxied', 'websocket', 'attack', 'cors', 'login', 'memory', 'profile', 'instructions'];
// Counting instructions takes minutes under valgrind: --quick leaves it out unless asked for by name.
const DEFAULT = quick ? ALL.filter((s) => s !== 'instructions') : ALL;
const only = new Set((flag('--only') ?? DEFAULT.join(',')).split(','));
const out = flag('--out') ?? (quick ? join(ROOT, 'tmp', 'bench', 'quick.json') : join(BENCH_DIR, 'results', 'latest.json'));

// Durations in seconds unless named otherwise.
const P = quick
  ? { rounds: 1, durationSec: 2, warmupSec: 0, latencySec: 1, opsRounds: 1, opsMs: 300, loginWarmupSec: 1, loginSec: 3, rssSec: 2, profileSec: 1 }
  : { rounds: 6, durationSec: 5, warmupSec: 3, latencySec: 3, opsRounds: 3, opsMs: 2000, loginWarmupSec: 3, loginSec: 15, rssSec: 60, profileSec: 10 };

const log = (msg) => console.log(msg);
const started = Date.now();
const workDir = mkdtempSync(join(tmpdir(), 'corsway-bench-'));
const ctx = { P, log, workDir, quick };

log(`corsway bench (${quick ? 'quick' : 'full'}): load generator ${LOADGEN}, ${HAS_TASKSET ? 'server on CPU 0, load on CPU 1' : 'no taskset: unpinned'}`);
const machine = machineInfo();
log(`machine: ${machine.nproc} × ${machine.cpuModel}, Node ${machine.node}, load average ${machine.loadAvgAtStart.join(' ')}`);

const needsGateway = ['preflight', 'proxied', 'websocket', 'attack', 'memory', 'profile', 'instructions'].some((s) => only.has(s));
if (needsGateway) {
  try {
    ensureBuilt('gateway', { always: !quick && !argv.includes('--no-build'), log });
  } catch (err) {
    ctx.gatewayError = err.message.split('\n')[0];
    log(ctx.gatewayError);
  }
}
if (only.has('login') || only.has('attack')) {
  try {
    ensureBuilt('user-service', { always: !quick && !argv.includes('--no-build'), log });
  } catch (err) {
    ctx.userServiceError = err.message.split('\n')[0];
    log(ctx.userServiceError);
  }
}

const removeSnapshot = snapshotApps(['gateway', 'user-service']);
const rows = [];
let profiles = null;
try {
  if (only.has('preflight')) rows.push(...(await runPreflight(ctx)));
  if (only.has('proxied')) rows.push(...(await runProxied(ctx)));
  if (only.has('websocket')) rows.push(...(await runWebSocket(ctx)));
  if (only.has('attack')) rows.push(...(await runUnderAttack(ctx)));
  if (only.has('cors')) rows.push(...(await runCorsDecision(ctx)));
  if (only.has('login')) rows.push(...(await runLogin(ctx)));
  if (only.has('memory')) rows.push(...(await runRss(ctx)));
  if (only.has('profile')) profiles = await runProfiles(ctx);
  if (only.has('instructions')) rows.push(...(await runInstructions(ctx)));
} finally {
  if (!argv.includes('--keep')) {
    rmSync(workDir, { recursive: true, force: true });
    removeSnapshot();
  } else log(`work dir kept: ${workDir}`);
}

const result = {
  mode: quick ? 'quick' : 'full',
  date: new Date(started).toISOString(),
  durationSec: Math.round((Date.now() - started) / 1000),
  machine: { ...machine, loadAvgAtEnd: loadavg().map((x) => Math.round(x * 100) / 100) },
  method: {
    loadGenerator: LOADGEN,
    connections: 50,
    pinning: HAS_TASKSET ? 'server taskset -c 0, load generator taskset -c 1' : 'none (taskset missing)',
    ...P,
  },
  rows,
  profiles,
  markdown: renderMarkdown(rows),
};
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, JSON.stringify(result, null, 2) + '\n');
// A full run of every suite into the committed file also refreshes the README's table.
const readme = join(BENCH_DIR, 'README.md');
if (!quick && only.size === ALL.length && out === join(BENCH_DIR, 'results', 'latest.json') && existsSync(readme)) {
  writeFileSync(readme, updateReadme(readFileSync(readme, 'utf8'), result));
  log(`README table updated: ${readme}`);
}

log('\n' + renderText(rows));
log(`\n${rows.filter((r) => r.met === true).length} targets met, ${rows.filter((r) => r.met === false).length} missed, ${rows.filter((r) => r.error).length} rows not measured; ${result.durationSec} s; JSON: ${out}`);
process.exitCode = rows.some((r) => r.error) ? 1 : 0;
