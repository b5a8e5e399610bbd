// Login latency at 10 concurrent against the built user-service (argon2id,
// 19 MiB, t=2), and the service's event-loop delay p99 during that run, read
// through bench/preload/probe.cjs (the app itself is not touched); and a
// legitimate login's latency during a flood of 80 concurrent bad logins.
// Full mode also measures the service on both CPUs and one login at a time,
// which is what explains the 10-concurrent numbers (see README).
import { join } from 'node:path';
import { APP_MAIN, PROBE } from '../lib/apps.mjs';
import { probe } from '../lib/check.mjs';
import { HAS_TASKSET, LOADGEN_CPU, runCaptured, SERVER_CPU, startServer, stopServer } from '../lib/proc.mjs';
import { dumpEld } from '../lib/signal-dump.mjs';
import { BENCH_DIR, DEMO_LOGIN } from '../lib/shared.mjs';

const SCENARIOS = [
  { id: 'login', cpus: SERVER_CPU, concurrency: 10, label: '10 concurrent, service on CPU 0', targets: true },
  { id: 'login-2cpu', cpus: '0,1', concurrency: 10, label: '10 concurrent, service on both CPUs', targets: true, fullOnly: true },
  { id: 'login-1c', cpus: SERVER_CPU, concurrency: 1, label: '1 at a time, service on CPU 0', targets: false, fullOnly: true },
  // The next step the README proposes, tried without touching the app: one
  // libuv thread hashes (argon2 runs on the libuv pool), the other core stays
  // with the event loop.
  { id: 'login-2cpu-pool1', cpus: '0,1', concurrency: 10, label: '10 concurrent, both CPUs, UV_THREADPOOL_SIZE=1', targets: false, fullOnly: true, env: { UV_THREADPOOL_SIZE: '1' } },
];

async function closedLoop(options) {
  const out = await runCaptured({ cmd: process.execPath, args: [join(BENCH_DIR, 'lib', 'closed-loop-client.mjs'), JSON.stringify(options)], cpu: LOADGEN_CPU });
  return JSON.parse(out.trim().split('\n').pop());
}

async function runScenario(ctx, s) {
  const { P, log, workDir } = ctx;
  const rows = {
    p50: { suite: 'login', id: `${s.id}-p50`, name: `user-service login p50 (${s.label})`, unit: 'ms', target: s.targets ? '≤ 60 ms' : null },
    eld: { suite: 'login', id: `${s.id}-eld-p99`, name: `user-service event-loop delay p99 (${s.label})`, unit: 'ms', target: s.targets ? '≤ 20 ms' : null },
  };
  let server;
  try {
    if (ctx.userServiceError) throw new Error(ctx.userServiceError);
    const eldFile = join(workDir, `${s.id}.eld.json`);
    server = await startServer({
      name: `user-service-${s.id}`,
      args: ['--require', PROBE, APP_MAIN['user-service']],
      env: {
        PORT: '0',
        HOST: '127.0.0.1',
        DATA_DIR: join(workDir, `${s.id}-data`),
        // development: the demo user is seeded on first start.
        NODE_ENV: 'development',
        LOG_LEVEL: 'info',
        // The per-IP and per-account login throttles (30 and 10 a minute) exist to
        // stop guessing; here one client logs in on purpose thousands of times,
        // and a 429 costs no argon2. Raised so every answer is a real login.
        THROTTLE_IP_LIMIT: '100000000',
        THROTTLE_ACCOUNT_LIMIT: '100000000',
        // Likewise the hash queue's bound: these rows measure hashing capacity (one client at 10
        // concurrent); the bound and its fairness have their own rows (login flood).
        HASH_QUEUE_LIMIT: '100000000',
        BENCH_ELD_OUT: eldFile,
        ...s.env,
      },
      cpu: s.cpus,
      workDir,
      cwd: workDir,
      timeoutMs: 60_000,
    });
    const url = `${server.url}/user/login`;
    const request = { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(DEMO_LOGIN) };
    const first = await probe(url, request);
    if (first.status !== 200) throw new Error(`demo login answered ${first.status}: ${first.body.slice(0, 300)}`);
    // Warm-up (JIT, SQLite page cache), then reset the histogram and measure.
    await closedLoop({ url, ...request, concurrency: s.concurrency, durationSec: P.loginWarmupSec });
    await dumpEld(server, eldFile);
    const res = await closedLoop({ url, ...request, concurrency: s.concurrency, durationSec: P.loginSec });
    const eld = await dumpEld(server, eldFile);
    log(`  ${s.label}: ${res.ok} ok (${res.rps.toFixed(1)}/s), statuses ${JSON.stringify(res.statuses)}, p50 ${res.p50Ms?.toFixed(1)} ms, p99 ${res.p99Ms?.toFixed(1)} ms; event-loop delay p99 ${eld.p99Ms.toFixed(1)} ms`);
    const error = res.ok === 0 ? `no successful login (${JSON.stringify(res.statuses)}, ${res.errors} errors)` : null;
    const detail = { cpus: HAS_TASKSET ? s.cpus : 'unpinned', concurrency: s.concurrency, p90Ms: res.p90Ms, p99Ms: res.p99Ms, loginsPerSec: res.rps, statuses: res.statuses, socketErrors: res.errors };
    Object.assign(rows.p50, { median: res.p50Ms, min: null, max: null, samples: [res.p50Ms], detail, met: error || !s.targets ? null : res.p50Ms <= 60, error });
    Object.assign(rows.eld, { median: eld.p99Ms, min: null, max: null, samples: [eld.p99Ms], detail: eld, met: s.targets ? eld.p99Ms <= 20 : null, error: null });
  } catch (err) {
    for (const r of Object.values(rows)) Object.assign(r, { median: null, min: null, max: null, samples: [], met: null, error: err.message.split('\n')[0] });
    log(`  ${s.label}: not measured: ${err.message}`);
  } finally {
    await stopServer(server);
  }
  return Object.values(rows).map((r) => ({ ratio: null, ratioOf: null, ...r }));
}

/**
 * A legitimate login while 80 bad logins are in flight all the time (closed loop, an unknown name,
 * lockout raised so each one costs a real argon2 verification). Before the hash queue was bounded, the
 * real login waited behind the whole flood (2.9 s); now the queue is fair between client addresses
 * (round-robin), so the real login waits for about one flood hash, and past the bound (HASH_QUEUE_LIMIT,
 * 100) a request gets 503 + Retry-After at once.
 */
async function runFlood(ctx) {
  const { P, log, workDir } = ctx;
  const base = { suite: 'login', unit: 'ms', target: null, ratio: null, ratioOf: null };
  const rows = {
    p50: { ...base, id: 'login-flood-p50', name: 'user-service legitimate login p50 during an 80-request bad-login flood' },
    p99: { ...base, id: 'login-flood-p99', name: 'user-service legitimate login p99 during an 80-request bad-login flood' },
  };
  let server;
  try {
    if (ctx.userServiceError) throw new Error(ctx.userServiceError);
    server = await startServer({
      name: 'user-service-flood',
      args: [APP_MAIN['user-service']],
      env: {
        PORT: '0',
        HOST: '127.0.0.1',
        DATA_DIR: join(workDir, 'flood-data'),
        NODE_ENV: 'development',
        LOG_LEVEL: 'warn',
        THROTTLE_IP_LIMIT: '100000000',
        THROTTLE_ACCOUNT_LIMIT: '100000000',
        LOCKOUT_MAX_FAILURES: '100000000',
      },
      cpu: SERVER_CPU,
      workDir,
      cwd: workDir,
      timeoutMs: 60_000,
    });
    const url = `${server.url}/user/login`;
    // Two clients, as user-service sees them behind the gateway (a trusted proxy on loopback): the
    // flooder at one address, the legitimate user at another.
    const headers = (ip) => ({ 'content-type': 'application/json', 'x-forwarded-for': ip });
    const good = { method: 'POST', headers: headers('203.0.113.10'), body: JSON.stringify(DEMO_LOGIN) };
    const bad = { method: 'POST', headers: headers('198.51.100.10'), body: JSON.stringify({ ...DEMO_LOGIN, EmailOrUserName: 'flood-nobody', Password: 'Wrong-Password-1' }) };
    const first = await probe(url, good);
    if (first.status !== 200) throw new Error(`demo login answered ${first.status}: ${first.body.slice(0, 300)}`);
    const durationSec = P.loginSec;
    const [flood, legit] = await Promise.all([
      closedLoop({ url, ...bad, concurrency: 80, durationSec: durationSec + 1 }),
      new Promise((r) => setTimeout(r, 500)).then(() => closedLoop({ url, ...good, concurrency: 1, durationSec })),
    ]);
    log(`  legitimate login during the flood: statuses ${JSON.stringify(legit.statuses)}, p50 ${legit.p50Ms?.toFixed(1)} ms, p99 ${legit.p99Ms?.toFixed(1)} ms; flood statuses ${JSON.stringify(flood.statuses)}`);
    const error = legit.ok === 0 ? `no successful legitimate login (${JSON.stringify(legit.statuses)}, ${legit.errors} errors)` : null;
    const detail = { legitimate: legit.statuses, flood: flood.statuses, legitimateP90Ms: legit.p90Ms, floodConcurrency: 80 };
    Object.assign(rows.p50, { median: legit.p50Ms, min: null, max: null, samples: [legit.p50Ms], detail, met: null, error });
    Object.assign(rows.p99, { median: legit.p99Ms, min: null, max: null, samples: [legit.p99Ms], detail, met: null, error });
  } catch (err) {
    for (const r of Object.values(rows)) Object.assign(r, { median: null, min: null, max: null, samples: [], met: null, error: err.message.split('\n')[0] });
    log(`  flood: not measured: ${err.message}`);
  } finally {
    await stopServer(server);
  }
  return Object.values(rows);
}

export async function runLogin(ctx) {
  ctx.log('\n== login: POST /user/login against the built user-service (argon2id 19 MiB, t=2)');
  const rows = [];
  for (const s of SCENARIOS) {
    if (s.fullOnly && ctx.quick) continue;
    rows.push(...(await runScenario(ctx, s)));
  }
  rows.push(...(await runFlood(ctx)));
  return rows;
}
