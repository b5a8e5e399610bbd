// An open-loop HTTP client: requests start on a fixed schedule (`rps` a second)
// whatever the answers do, so a slow answer cannot hide the ones that would
// have queued behind it (no coordinated omission). Run as its own process:
//   node open-loop-client.mjs <json options>
// Options: { url, method, headers, body, rps, durationSec, connections }.
// Prints one JSON line: per-status counts, errors and latency percentiles of 2xx answers.
import { Pool } from 'undici';

const opts = JSON.parse(process.argv[2]);
const target = new URL(opts.url);
const pool = new Pool(target.origin, { connections: opts.connections ?? 16 });
const latencies = [];
const statuses = {};
let errors = 0;
const total = Math.round(opts.rps * opts.durationSec);
const started = performance.now();
const inFlight = [];

async function one(scheduledAt) {
  try {
    const res = await pool.request({ method: opts.method, path: target.pathname + target.search, headers: opts.headers, body: opts.body });
    await res.body.dump();
    statuses[res.statusCode] = (statuses[res.statusCode] ?? 0) + 1;
    // Latency from when the request was due, not from when it could be sent.
    if (res.statusCode >= 200 && res.statusCode < 300) latencies.push(performance.now() - scheduledAt);
  } catch {
    errors += 1;
  }
}

for (let i = 0; i < total; i++) {
  const due = started + (i * 1000) / opts.rps;
  const wait = due - performance.now();
  if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  inFlight.push(one(due));
}
await Promise.all(inFlight);
await pool.close();
latencies.sort((a, b) => a - b);
const pct = (p) => (latencies.length ? latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] : null);
const elapsed = (performance.now() - started) / 1000;
console.log(JSON.stringify({ ok: latencies.length, rps: latencies.length / elapsed, statuses, errors, p50Ms: pct(50), p90Ms: pct(90), p99Ms: pct(99) }));
