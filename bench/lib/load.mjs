// The load generator, always a separate process pinned to the other CPU:
// wrk when installed (C, cheap per request), else autocannon's CLI.
import { join } from 'node:path';
import { BENCH_DIR, ROOT } from './shared.mjs';
import { commandExists, LOADGEN_CPU, runCaptured } from './proc.mjs';

// BENCH_LOADGEN=autocannon forces the fallback (to test it on a machine with wrk).
export const LOADGEN = process.env.BENCH_LOADGEN === 'autocannon' || !commandExists('wrk') ? 'autocannon' : 'wrk';

/**
 * Runs one load burst and returns `{ rps, p50Ms, p99Ms, requests, errors, non2xx }`.
 * `errors` counts socket errors and timeouts; `non2xx` counts 4xx/5xx answers.
 */
export async function runLoad({ url, method = 'GET', headers = {}, body, connections = 50, durationSec }) {
  return LOADGEN === 'wrk'
    ? runWrk({ url, method, headers, body, connections, durationSec })
    : runAutocannon({ url, method, headers, body, connections, durationSec });
}

async function runWrk({ url, method, headers, body, connections, durationSec }) {
  const args = ['-t1', `-c${connections}`, `-d${durationSec}s`, '--timeout', '5s', '-s', join(BENCH_DIR, 'lib', 'wrk-report.lua')];
  for (const [k, v] of Object.entries(headers)) args.push('-H', `${k}: ${v}`);
  args.push(url, '--', method);
  if (body !== undefined) args.push(body);
  const out = await run('wrk', args, (durationSec + 20) * 1000);
  const line = out.split('\n').find((l) => l.startsWith('WRKJSON '));
  if (!line) throw new Error(`wrk printed no summary:\n${out}`);
  const r = JSON.parse(line.slice('WRKJSON '.length));
  return {
    rps: r.requests / (r.durationUs / 1e6),
    p50Ms: r.p50Us / 1000,
    p99Ms: r.p99Us / 1000,
    requests: r.requests,
    non2xx: r.non2xx,
    errors: r.connectErrors + r.readErrors + r.writeErrors + r.timeouts,
  };
}

async function runAutocannon({ url, method, headers, body, connections, durationSec }) {
  const args = [join(ROOT, 'node_modules', 'autocannon', 'autocannon.js'), '-c', String(connections), '-d', String(durationSec), '-m', method, '-j'];
  for (const [k, v] of Object.entries(headers)) args.push('-H', `${k}=${v}`);
  if (body !== undefined) args.push('-b', body);
  args.push(url);
  const out = await run(process.execPath, args, (durationSec + 30) * 1000);
  const r = JSON.parse(out.slice(out.indexOf('{')));
  return {
    rps: r.requests.total / (r.duration || durationSec),
    p50Ms: r.latency.p50,
    p99Ms: r.latency.p99,
    requests: r.requests.total,
    non2xx: r.non2xx,
    errors: r.errors + r.timeouts,
  };
}

function run(cmd, args, timeoutMs) {
  return runCaptured({ cmd, args, cpu: LOADGEN_CPU, timeoutMs });
}
