// Gateway memory: RSS after P.rssSec of proxied-GET load, then after a second
// equal run; the second must not be meaningfully larger (a leak grows per
// request, so equal work shows it as growth).
import { setTimeout as sleep } from 'node:timers/promises';
import { runLoad } from '../lib/load.mjs';
import { rssMb } from '../lib/proc.mjs';
import { dumpJson } from '../lib/signal-dump.mjs';
import { ORIGIN, PROXIED_PATH_GATEWAY } from '../lib/shared.mjs';
import { startProxiedSet, stopSet } from './proxied.mjs';
import { join } from 'node:path';

/** Allowed growth between the two runs: V8 heap sizing wobbles a few MB. */
const GROWTH_TOLERANCE_MB = 5;

export async function runRss(ctx) {
  const { P, log } = ctx;
  log(`\n== gateway RSS: 2 × ${P.rssSec} s of proxied GET at 50 connections`);
  const rows = {
    rss: { suite: 'memory', id: 'gateway-rss', name: `gateway RSS after ${P.rssSec} s of load`, unit: 'MB', target: '≤ 150 MB' },
    growth: { suite: 'memory', id: 'gateway-rss-growth', name: 'gateway RSS growth after GC, 2nd equal run vs 1st', unit: 'MB', target: `≤ ${GROWTH_TOLERANCE_MB} MB` },
    heap: { suite: 'memory', id: 'gateway-heap-growth', name: 'gateway V8 heap used growth after GC, 2nd run vs 1st (leak check)', unit: 'MB', target: null },
  };
  let set = {};
  try {
    // The probe only answers SIGWINCH with process.memoryUsage(); it costs nothing per request.
    const memFile = join(ctx.workDir, 'gateway.mem.json');
    set = await startProxiedSet(ctx, { withDirect: false, gatewayProbeEnv: { BENCH_MEM_OUT: memFile }, gatewayName: 'gateway-memory' });
    const memory = async () => dumpJson(set.gateway, memFile).catch(() => null);
    const load = { url: set.gateway.url + PROXIED_PATH_GATEWAY, method: 'GET', headers: { Origin: ORIGIN } };
    const idle = rssMb(set.gateway.pid);
    const memIdle = await memory();
    const r1 = await runLoad({ ...load, durationSec: P.rssSec });
    await sleep(1000);
    const rss1 = rssMb(set.gateway.pid);
    const mem1 = await memory();
    const r2 = await runLoad({ ...load, durationSec: P.rssSec });
    await sleep(1000);
    const rss2 = rssMb(set.gateway.pid);
    const mem2 = await memory();
    log(`  RSS idle ${idle.toFixed(1)} MB, after run 1 ${rss1.toFixed(1)} MB (${Math.round(r1.rps)} req/s), after run 2 ${rss2.toFixed(1)} MB (${Math.round(r2.rps)} req/s)`);
    const bad = r1.non2xx + r1.errors + r2.non2xx + r2.errors;
    const error = bad > (r1.requests + r2.requests) * 0.001 ? `${bad} failed requests under load` : null;
    const detail = { idleMb: idle, afterRun1Mb: rss1, afterRun2Mb: rss2, run1Rps: r1.rps, run2Rps: r2.rps, requests: r1.requests + r2.requests, memoryUsage: { idle: memIdle, afterRun1: mem1, afterRun2: mem2 } };
    if (mem2) log(`  after run 2: V8 heap used ${mem2.heapUsedMb} of ${mem2.heapTotalMb} MB, external ${mem2.externalMb} MB (array buffers ${mem2.arrayBuffersMb} MB)`);
    Object.assign(rows.rss, { median: Math.max(rss1, rss2), samples: [rss1, rss2], min: Math.min(rss1, rss2), max: Math.max(rss1, rss2), detail, met: Math.max(rss1, rss2) <= 150, error });
    // Growth compares the two runs after a full GC (the probe's dump), so the
    // collector's timing does not read as a leak or hide one.
    const growth = mem1 && mem2 ? mem2.rssMb - mem1.rssMb : rss2 - rss1;
    const heapGrowth = mem1 && mem2 ? Math.round((mem2.heapUsedMb - mem1.heapUsedMb) * 10) / 10 : null;
    log(`  growth after GC: RSS ${growth.toFixed(1)} MB, V8 heap used ${heapGrowth} MB`);
    Object.assign(rows.heap, { median: heapGrowth, samples: heapGrowth === null ? [] : [heapGrowth], min: null, max: null, detail: { memoryUsage: detail.memoryUsage }, met: null, error: heapGrowth === null ? 'the probe gave no memory dump' : error });
    Object.assign(rows.growth, { median: growth, samples: [growth], min: null, max: null, detail: { ...detail, heapUsedGrowthMb: heapGrowth }, met: growth <= GROWTH_TOLERANCE_MB, error });
  } catch (err) {
    for (const r of Object.values(rows)) Object.assign(r, { median: null, min: null, max: null, samples: [], met: null, error: err.message.split('\n')[0] });
    log(`  rss: not measured: ${err.message}`);
  } finally {
    await stopSet(set);
  }
  return Object.values(rows).map((r) => ({ ratio: null, ratioOf: null, ...r }));
}
