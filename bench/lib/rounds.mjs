// Alternating rounds: every contender gets one burst per round, so slow drift
// on a shared machine hits all alike; the order ROTATES from round to round
// (round r starts with contender r, a cyclic Latin square), so no contender
// always runs first, right after a pause, or always after the same neighbour.
// A ratio is judged per round (contender ÷ base in the same round) and the
// median of those is reported with their spread: the two bursts of a pair
// are at most one round apart, where the medians of whole columns can come
// from different states of the machine.
import { cpuSeconds } from './cpu.mjs';
import { runLoad } from './load.mjs';
import { max, median, min } from './stats.mjs';

/** The order of round `r` (0-based): the list rotated left by r. */
export function roundOrder(items, r) {
  const k = r % items.length;
  return [...items.slice(k), ...items.slice(0, k)];
}

export async function measureAlternating({ contenders, rounds, durationSec, warmupSec, connections = 50, log }) {
  const live = contenders.filter((c) => !c.error);
  for (const c of live) {
    // Indexed by round, so a ratio pairs the bursts of the same round even when one failed.
    c.samples = [];
    c.p50s = [];
    c.p99s = [];
    c.cpuUs = [];
    c.non2xx = 0;
    c.errors = 0;
    if (warmupSec > 0) await runLoad({ ...c.load, connections, durationSec: warmupSec }).catch(() => {});
  }
  for (let r = 0; r < rounds; r++) {
    for (const c of roundOrder(live, r)) {
      if (c.error) continue;
      try {
        const cpu0 = c.pid ? cpuSeconds(c.pid) : NaN;
        const res = await runLoad({ ...c.load, connections, durationSec });
        // Server CPU per answered request (µs): robust to other tenants taking the core.
        const cpuPerReq = ((cpuSeconds(c.pid) - cpu0) / res.requests) * 1e6;
        c.cpuUs[r] = Number.isFinite(cpuPerReq) ? cpuPerReq : NaN;
        c.samples[r] = res.rps;
        c.p50s[r] = res.p50Ms;
        c.p99s[r] = res.p99Ms;
        c.non2xx += res.non2xx;
        c.errors += res.errors;
        log(`  round ${r + 1}/${rounds} ${c.id.padEnd(20)} ${Math.round(res.rps).toString().padStart(7)} req/s  p50 ${res.p50Ms.toFixed(2)} ms  CPU ${Number.isFinite(cpuPerReq) ? cpuPerReq.toFixed(1) : '?'} µs/req` +
          (res.non2xx || res.errors ? `  (${res.non2xx} non-2xx, ${res.errors} socket errors)` : ''));
      } catch (err) {
        c.error = `load failed: ${err.message}`;
        log(`  round ${r + 1}/${rounds} ${c.id}: ${c.error}`);
      }
    }
  }
  for (const c of live) {
    if (c.error) continue;
    const rps = measured(c.samples);
    c.median = median(rps);
    c.min = min(rps);
    c.max = max(rps);
    c.p50Ms = median(measured(c.p50s));
    c.p99Ms = median(measured(c.p99s));
    const cpu = measured(c.cpuUs);
    c.cpuUsPerReq = cpu.length ? median(cpu) : null;
    // Error answers are cheaper than real ones: a contender that answers with
    // errors has not done the work and its number is not comparable.
    const total = rps.reduce((a, b) => a + b, 0) * durationSec;
    if (c.non2xx + c.errors > total * 0.001) c.error = `${c.non2xx} non-2xx answers and ${c.errors} socket errors under load`;
  }
}

const measured = (xs) => xs.filter((x) => Number.isFinite(x));

/**
 * `a ÷ b` per round, for the rounds both measured: with `higherIsBetter`
 * false (CPU µs per request) it is `b ÷ a`, so above 1 always means "a did better".
 */
export function pairedRatios(a, b, higherIsBetter = true) {
  const out = [];
  const n = Math.min(a.length, b.length);
  for (let r = 0; r < n; r++) {
    if (!Number.isFinite(a[r]) || !Number.isFinite(b[r]) || a[r] <= 0 || b[r] <= 0) continue;
    out.push(higherIsBetter ? a[r] / b[r] : b[r] / a[r]);
  }
  return out;
}

/** Median and spread of the per-round ratios of `c` to `base` (req/s and CPU per request). */
export function pairedSummary(c, base) {
  if (!c || !base || c.error || base.error) return null;
  const rps = pairedRatios(c.samples ?? [], base.samples ?? []);
  if (!rps.length) return null;
  const cpu = pairedRatios(c.cpuUs ?? [], base.cpuUs ?? [], false);
  return {
    ratio: median(rps),
    ratioMin: min(rps),
    ratioMax: max(rps),
    ratios: rps,
    cpuRatio: cpu.length ? median(cpu) : null,
    cpuRatioMin: cpu.length ? min(cpu) : null,
    cpuRatioMax: cpu.length ? max(cpu) : null,
    cpuRatios: cpu,
  };
}

/** Table rows (req/s) for measured contenders, with per-round paired ratios to `baseId`. */
export function throughputRows(suite, contenders, baseId) {
  const base = contenders.find((c) => c.id === baseId);
  return contenders.map((c) => {
    const paired = pairedSummary(c, base);
    return {
      suite,
      id: c.id,
      name: c.name,
      unit: 'req/s',
      median: c.median ?? null,
      min: c.min ?? null,
      max: c.max ?? null,
      samples: c.samples ?? [],
      cpuSamples: c.cpuUs ?? [],
      p50Ms: c.p50Ms ?? null,
      p99Ms: c.p99Ms ?? null,
      cpuUsPerReq: c.cpuUsPerReq ?? null,
      // Median of the per-round ratios, and their spread.
      ratio: paired?.ratio ?? null,
      ratioMin: paired?.ratioMin ?? null,
      ratioMax: paired?.ratioMax ?? null,
      // What the CPU cost implies on a dedicated core: base's CPU per request ÷ ours, per round.
      cpuRatio: paired?.cpuRatio ?? null,
      cpuRatioMin: paired?.cpuRatioMin ?? null,
      cpuRatioMax: paired?.cpuRatioMax ?? null,
      ratioOf: baseId,
      target: c.target?.text ?? null,
      targetRatio: c.target?.ratio ?? null,
      met: c.target && paired ? paired.ratio >= c.target.ratio : null,
      // The same target judged on CPU per request (see README "CPU µs/req").
      metByCpu: c.target && paired?.cpuRatio ? paired.cpuRatio >= c.target.ratio : null,
      check: c.check ?? null,
      error: c.error ?? null,
    };
  });
}
