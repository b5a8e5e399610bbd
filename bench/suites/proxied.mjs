// Proxied GET /user/me (a ~150-byte JSON) through the minimal undici proxy (the
// ceiling for a Node proxy) and through our gateway, plus the upstream alone
// for reference. The backend upstream runs on the load generator's
// CPU so the proxy under test has CPU 0 to itself, the same for both.
import { join } from 'node:path';
import { probe } from '../lib/check.mjs';
import { startGateway, writeGatewayConfig } from '../lib/apps.mjs';
import { LOADGEN_CPU, startServer, stopServer } from '../lib/proc.mjs';
import { measureAlternating, pairedSummary, throughputRows } from '../lib/rounds.mjs';
import { BENCH_DIR, ME_BODY, ORIGIN, PROXIED_PATH_GATEWAY, PROXIED_PATH_UPSTREAM } from '../lib/shared.mjs';
import { median, min, max } from '../lib/stats.mjs';

const script = (f) => join(BENCH_DIR, 'contenders', f);

export async function startProxiedSet(ctx, { withGateway = true, withDirect = true, withMetricsOff = false, withHeadersProxy = false, gatewayProbeEnv, gatewayName = 'gateway-proxied' } = {}) {
  const { workDir } = ctx;
  const set = {};
  set.backend = await startServer({ name: 'upstream-backend', args: [script('upstream.mjs')], workDir, cpu: LOADGEN_CPU });
  if (withDirect) set.direct = await startServer({ name: 'upstream-direct', args: [script('upstream.mjs')], workDir });
  set.proxy = await startServer({ name: 'undici-proxy', args: [script('undici-proxy.mjs')], env: { UPSTREAM_URL: set.backend.url }, workDir });
  if (withHeadersProxy) {
    // The same proxy sending the gateway's headers, fixed values, no logic (contenders/undici-proxy.mjs).
    set.proxyHeaders = await startServer({ name: 'undici-proxy-headers', args: [script('undici-proxy.mjs')], env: { UPSTREAM_URL: set.backend.url, WITH_GATEWAY_HEADERS: '1' }, workDir });
  }
  if (withGateway) {
    if (ctx.gatewayError) throw new Error(ctx.gatewayError);
    const configPath = join(workDir, 'gateway.proxied.json');
    writeGatewayConfig(configPath, { upstreamUrl: set.backend.url });
    set.gateway = await startGateway({ name: gatewayName, configPath, workDir, probeEnv: gatewayProbeEnv });
    if (withMetricsOff) {
      // The same build and config, but `metrics.enabled: false`: what counting costs.
      const offPath = join(workDir, 'gateway.proxied.metrics-off.json');
      writeGatewayConfig(offPath, { upstreamUrl: set.backend.url, metrics: false });
      set.gatewayMetricsOff = await startGateway({ name: 'gateway-metrics-off', configPath: offPath, workDir });
    }
  }
  return set;
}

export async function stopSet(set) {
  for (const s of Object.values(set)) await stopServer(s);
}

const GET_HEADERS = { Origin: ORIGIN };

export async function runProxied(ctx) {
  const { P, log } = ctx;
  log(`\n== proxied: GET ${PROXIED_PATH_GATEWAY} -> upstream GET ${PROXIED_PATH_UPSTREAM}`);
  const contenders = [
    { id: 'upstream-direct', name: 'bare Node upstream, direct (reference)' },
    { id: 'undici-proxy', name: 'minimal undici keep-alive proxy' },
    { id: 'undici-proxy-headers', name: "minimal undici proxy + the gateway's 12 headers (fixed values, no logic)" },
    { id: 'gateway-proxy', name: 'corsway gateway (CORS, route, X-Forwarded, req id, transforms, logs, metrics)', target: { ratio: 1.0, text: '≥ 1.00 × undici proxy' } },
    { id: 'gateway-metrics-off', name: 'corsway gateway, metrics off (metrics.enabled: false)' },
  ];
  let set = {};
  const latency = { proxy: [], gateway: [] };
  try {
    let gatewayError = null;
    try {
      set = await startProxiedSet(ctx, { withMetricsOff: true, withHeadersProxy: true });
    } catch (err) {
      // Without a gateway the two reference rows are still worth measuring.
      gatewayError = err.message.split('\n')[0];
      log(`  gateway-proxy: not measured: ${gatewayError}`);
      await stopSet(set);
      set = await startProxiedSet(ctx, { withGateway: false, withHeadersProxy: true });
    }
    const urls = {
      'upstream-direct': set.direct.url + PROXIED_PATH_UPSTREAM,
      'undici-proxy': set.proxy.url + PROXIED_PATH_UPSTREAM,
      'undici-proxy-headers': set.proxyHeaders.url + PROXIED_PATH_UPSTREAM,
      'gateway-proxy': set.gateway ? set.gateway.url + PROXIED_PATH_GATEWAY : null,
      'gateway-metrics-off': set.gatewayMetricsOff ? set.gatewayMetricsOff.url + PROXIED_PATH_GATEWAY : null,
    };
    for (const c of contenders) {
      if (!urls[c.id]) {
        c.error = gatewayError ?? 'not started';
        continue;
      }
      const res = await probe(urls[c.id], { headers: GET_HEADERS });
      c.check = { status: res.status, bytes: Buffer.byteLength(res.body), headers: pick(res.headers) };
      if (res.status !== 200 || res.body !== ME_BODY) {
        c.error = `GET answered ${res.status} with ${JSON.stringify(res.body).slice(0, 200)}`;
        log(`  ${c.id}: not measured: ${c.error}`);
        continue;
      }
      c.load = { url: urls[c.id], method: 'GET', headers: GET_HEADERS };
      c.pid = { 'upstream-direct': set.direct, 'undici-proxy': set.proxy, 'undici-proxy-headers': set.proxyHeaders, 'gateway-proxy': set.gateway, 'gateway-metrics-off': set.gatewayMetricsOff }[c.id]?.pid;
    }
    await measureAlternating({ contenders, rounds: P.rounds, durationSec: P.durationSec, warmupSec: P.warmupSec, log });

    // Latency added, measured unloaded (1 connection): at 50 connections p50 is
    // queueing (≈ connections ÷ throughput) and would just restate the req/s ratio.
    const proxyC = contenders.find((c) => c.id === 'undici-proxy');
    const gatewayC = contenders.find((c) => c.id === 'gateway-proxy');
    if (!proxyC.error && !gatewayC.error) {
      const pair = [
        { id: 'proxy-1c', load: proxyC.load },
        { id: 'gateway-1c', load: gatewayC.load },
      ];
      await measureAlternating({ contenders: pair, rounds: P.rounds, durationSec: P.latencySec, warmupSec: 0, connections: 1, log });
      latency.proxy = pair[0].p50s;
      latency.gateway = pair[1].p50s;
    }
  } finally {
    await stopSet(set);
  }

  const rows = throughputRows('proxied', contenders, 'undici-proxy');
  rows.push(metricsCostRow(contenders), ownWorkRow(contenders));
  const added = latency.gateway.map((g, i) => g - latency.proxy[i]);
  rows.push({
    suite: 'proxied',
    id: 'gateway-latency-added',
    name: 'gateway p50 latency added over undici proxy (1 connection)',
    unit: 'ms',
    median: added.length ? median(added) : null,
    min: added.length ? min(added) : null,
    max: added.length ? max(added) : null,
    samples: added,
    detail: { proxyP50Ms: latency.proxy, gatewayP50Ms: latency.gateway },
    ratio: null,
    ratioOf: null,
    target: '≤ 0.5 ms',
    met: added.length ? median(added) <= 0.5 : null,
    error: added.length ? null : 'needs both the undici proxy and the gateway',
  });
  return rows;
}

/** Metrics on ÷ metrics off, per round (both ran in the same rounds). */
function metricsCostRow(contenders) {
  return pairedRow(contenders, {
    id: 'metrics-cost',
    name: 'gateway req/s with metrics on ÷ off (same build, same rounds)',
    of: 'gateway-proxy',
    over: 'gateway-metrics-off',
    target: { ratio: 0.97, text: '≥ 0.97 (at most 3 % lower)' },
    missing: 'needs both gateways (metrics on and off)',
  });
}

/**
 * The gateway ÷ the minimal proxy sending the same headers: what the
 * gateway's own work (routing, CORS decision, ids, limits, logs, metrics)
 * costs, once the bytes both must send are set aside. Diagnostic, no target.
 */
function ownWorkRow(contenders) {
  return pairedRow(contenders, {
    id: 'gateway-vs-same-headers',
    name: "gateway req/s ÷ the undici proxy with the gateway's headers (same rounds)",
    of: 'gateway-proxy',
    over: 'undici-proxy-headers',
    target: null,
    missing: 'needs the gateway and the undici proxy with headers',
  });
}

/** A row of `of` ÷ `over` per round, in req/s and (base ÷ this) in CPU per request. */
function pairedRow(contenders, { id, name, of, over, target, missing }) {
  const a = contenders.find((c) => c.id === of);
  const paired = pairedSummary(a, contenders.find((c) => c.id === over));
  return {
    suite: 'proxied',
    id,
    name,
    unit: '×',
    median: paired?.ratio ?? null,
    min: paired?.ratioMin ?? null,
    max: paired?.ratioMax ?? null,
    samples: paired?.ratios ?? [],
    cpuUsPerReq: paired ? a.cpuUsPerReq ?? null : null,
    cpuRatio: paired?.cpuRatio ?? null,
    ratio: null,
    ratioOf: null,
    target: target?.text ?? null,
    met: target && paired ? paired.ratio >= target.ratio : null,
    // The same verdict judged on CPU per request.
    metByCpu: target && paired?.cpuRatio ? paired.cpuRatio >= target.ratio : null,
    error: paired ? null : missing,
  };
}

function pick(headers) {
  const out = {};
  for (const k of ['content-type', 'content-length', 'access-control-allow-origin', 'access-control-allow-credentials', 'access-control-expose-headers', 'vary', 'x-request-id']) {
    if (headers[k] !== undefined) out[k] = headers[k];
  }
  return out;
}
