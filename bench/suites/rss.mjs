// Gateway memory: RSS after P.rssSec of proxied-GET load, then after a second
// equal run; the second must not be meaningfully larger (a leak grows per
// request, so equal work shows it as growth) (issue 8).
import { setTimeout as sleep } from 'node:timers/promises';
import { runLoad } from '../lib/load.mjs';
import { rssMb } from '../lib/proc.mjs';
import { ORIGIN, PROXIED_PATH_GATEWAY } from '../lib/shared.mjs';
import { startProxiedSet, stopSet } from './proxied.mjs';

/** Allowed growth between the two runs: V8 heap sizing wobbles a few MB. */
const GROWTH_TOLERANCE_MB = 5;

export async function runRss(ctx) {
  const { P, log } = ctx;
  log(`\n== gateway RSS: 2 × ${P.rssSec} s of proxied GET at 50 connections`);
  const rows = {
    rss: { suite: 'memory', id: 'gateway-rss', name: `gateway RSS after ${P.rssSec} s of load`, unit: 'MB', target: '≤ 150 MB' },
    growth: { suite: 'memory', id: 'gateway-rss-growth', name: 'gateway RSS growth, 2nd equal run vs 1st', unit: 'MB', target: `≤ ${GROWTH_TOLERANCE_MB} MB` },
  };
  let set = {};
  try {
    set = await startProxiedSet(ctx, { withDirect: false });
    const load = { url: set.gateway.url + PROXIED_PATH_GATEWAY, method: 'GET', headers: { Origin: ORIGIN } };
    const idle = rssMb(set.gateway.pid);
    const r1 = await runLoad({ ...load, durationSec: P.rssSec });
    await sleep(1000);
    const rss1 = rssMb(set.gateway.pid);
    const r2 = await runLoad({ ...load, durationSec: P.rssSec });
    await sleep(1000);
    const rss2 = rssMb(set.gateway.pid);
    log(`  RSS idle ${idle.toFixed(1)} MB, after run 1 ${rss1.toFixed(1)} MB (${Math.round(r1.rps)} req/s), after run 2 ${rss2.toFixed(1)} MB (${Math.round(r2.rps)} req/s)`);
    const bad = r1.non2xx + r1.errors + r2.non2xx + r2.errors;
    const error = bad > (r1.requests + r2.requests) * 0.001 ? `${bad} failed requests under load` : null;
    const detail = { idleMb: idle, afterRun1Mb: rss1, afterRun2Mb: rss2, run1Rps: r1.rps, run2Rps: r2.rps, requests: r1.requests + r2.requests };
    Object.assign(rows.rss, { median: Math.max(rss1, rss2), samples: [rss1, rss2], min: Math.min(rss1, rss2), max: Math.max(rss1, rss2), detail, met: Math.max(rss1, rss2) <= 150, error });
    Object.assign(rows.growth, { median: rss2 - rss1, samples: [rss2 - rss1], min: null, max: null, detail, met: rss2 - rss1 <= GROWTH_TOLERANCE_MB, error });
  } catch (err) {
    for (const r of Object.values(rows)) Object.assign(r, { median: null, min: null, max: null, samples: [], met: null, error: err.message.split('\n')[0] });
    log(`  rss: not measured: ${err.message}`);
  } finally {
    await stopSet(set);
  }
  return Object.values(rows).map((r) => ({ ratio: null, ratioOf: null, ...r }));
}
