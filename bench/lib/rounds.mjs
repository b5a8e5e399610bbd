// Alternating rounds (A B A B): every contender gets one burst per
// round, in the same order, so slow drift on a shared machine hits all alike.
import { cpuSeconds } from './cpu.mjs';
import { runLoad } from './load.mjs';
import { max, median, min } from './stats.mjs';

export async function measureAlternating({ contenders, rounds, durationSec, warmupSec, connections = 50, log }) {
  const live = contenders.filter((c) => !c.error);
  for (const c of live) {
    c.samples = [];
    c.p50s = [];
    c.p99s = [];
    c.cpuUs = [];
    c.non2xx = 0;
    c.errors = 0;
    if (warmupSec > 0) await runLoad({ ...c.load, connections, durationSec: warmupSec }).catch(() => {});
  }
  for (let r = 1; r <= rounds; r++) {
    for (const c of live) {
      try {
        const cpu0 = c.pid ? cpuSeconds(c.pid) : NaN;
        const res = await runLoad({ ...c.load, connections, durationSec });
        // Server CPU per answered request (µs): robust to other tenants taking the core.
        const cpuPerReq = ((cpuSeconds(c.pid) - cpu0) / res.requests) * 1e6;
        if (Number.isFinite(cpuPerReq)) c.cpuUs.push(cpuPerReq);
        c.samples.push(res.rps);
        c.p50s.push(res.p50Ms);
        c.p99s.push(res.p99Ms);
        c.non2xx += res.non2xx;
        c.errors += res.errors;
        log(`  round ${r}/${rounds} ${c.id.padEnd(16)} ${Math.round(res.rps).toString().padStart(7)} req/s  p50 ${res.p50Ms.toFixed(2)} ms  CPU ${Number.isFinite(cpuPerReq) ? cpuPerReq.toFixed(1) : '?'} µs/req` +
          (res.non2xx || res.errors ? `  (${res.non2xx} non-2xx, ${res.errors} socket errors)` : ''));
      } catch (err) {
        c.error = `load failed: ${err.message}`;
        log(`  round ${r}/${rounds} ${c.id}: ${c.error}`);
      }
    }
  }
  for (const c of live) {
    if (c.error) continue;
    c.median = median(c.samples);
    c.min = min(c.samples);
    c.max = max(c.samples);
    c.p50Ms = median(c.p50s);
    c.p99Ms = median(c.p99s);
    c.cpuUsPerReq = c.cpuUs.length ? median(c.cpuUs) : null;
    // Error answers are cheaper than real ones: a contender that answers with
    // errors has not done the work and its number is not comparable.
    const total = c.samples.reduce((a, b) => a + b, 0) * durationSec;
    if (c.non2xx + c.errors > total * 0.001) c.error = `${c.non2xx} non-2xx answers and ${c.errors} socket errors under load`;
  }
}

/** Table rows (req/s) for measured contenders, with ratios to `baseId`'s median. */
export function throughputRows(suite, contenders, baseId) {
  const base = contenders.find((c) => c.id === baseId);
  return contenders.map((c) => {
    const ratio = !c.error && base && !base.error ? c.median / base.median : null;
    return {
      suite,
      id: c.id,
      name: c.name,
      unit: 'req/s',
      median: c.median ?? null,
      min: c.min ?? null,
      max: c.max ?? null,
      samples: c.samples ?? [],
      p50Ms: c.p50Ms ?? null,
      p99Ms: c.p99Ms ?? null,
      cpuUsPerReq: c.cpuUsPerReq ?? null,
      // What the CPU cost implies on a dedicated core: base's CPU per request ÷ ours.
      cpuRatio: !c.error && base && !base.error && c.cpuUsPerReq && base.cpuUsPerReq ? base.cpuUsPerReq / c.cpuUsPerReq : null,
      ratio,
      ratioOf: baseId,
      target: c.target?.text ?? null,
      targetRatio: c.target?.ratio ?? null,
      met: c.target && ratio !== null ? ratio >= c.target.ratio : null,
      // The same target judged on CPU per request (see README "CPU µs/req").
      metByCpu: c.target && c.cpuUsPerReq && base?.cpuUsPerReq ? base.cpuUsPerReq / c.cpuUsPerReq >= c.target.ratio : null,
      check: c.check ?? null,
      error: c.error ?? null,
    };
  });
}
