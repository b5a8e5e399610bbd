// A closed-loop HTTP client for low-rate, heavy requests (login: argon2id per
// request), run as its own process pinned to the load generator's CPU:
//   node closed-loop-client.mjs <json options>
// Options: { url, method, headers, body, concurrency, durationSec }.
// Prints one JSON line: per-status counts and latency percentiles of 2xx answers.
import { Pool } from 'undici';

const opts = JSON.parse(process.argv[2]);
const target = new URL(opts.url);
const pool = new Pool(target.origin, { connections: opts.concurrency });
const latencies = [];
const statuses = {};
let errors = 0;
const end = Date.now() + opts.durationSec * 1000;

async function worker() {
  while (Date.now() < end) {
    const t0 = process.hrtime.bigint();
    try {
      const res = await pool.request({ method: opts.method, path: target.pathname + target.search, headers: opts.headers, body: opts.body });
      await res.body.dump();
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      statuses[res.statusCode] = (statuses[res.statusCode] ?? 0) + 1;
      if (res.statusCode >= 200 && res.statusCode < 300) latencies.push(ms);
    } catch {
      errors += 1;
    }
  }
}

const started = Date.now();
await Promise.all(Array.from({ length: opts.concurrency }, worker));
const elapsed = (Date.now() - started) / 1000;
await pool.close();
latencies.sort((a, b) => a - b);
const pct = (p) => (latencies.length ? latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] : null);
console.log(
  JSON.stringify({ ok: latencies.length, rps: latencies.length / elapsed, statuses, errors, p50Ms: pct(50), p90Ms: pct(90), p99Ms: pct(99) }),
);
