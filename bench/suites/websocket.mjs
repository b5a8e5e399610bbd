// WebSocket through the gateway: (1) the echo round-trip p50 the gateway adds
// over a direct connection to the same `ws` echo service, 1 connection, rounds
// alternated; (2) gateway RSS while it holds 1,000 idle proxied connections.
// The echo service runs on the load generator's CPU, the gateway on CPU 0.
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { WebSocket } from 'ws';
import { startGateway, writeGatewayConfig } from '../lib/apps.mjs';
import { LOADGEN_CPU, rssMb, startServer, stopServer } from '../lib/proc.mjs';
import { BENCH_DIR, ORIGIN } from '../lib/shared.mjs';
import { max, median, min, round } from '../lib/stats.mjs';

const IDLE_SOCKETS = 1000;

function open(url) {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { origin: ORIGIN, perMessageDeflate: false });
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}

/** p50 in ms of `count` sequential echo round trips of a 64-byte message. */
async function echoP50(ws, count) {
  const message = 'x'.repeat(64);
  const times = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    const t0 = process.hrtime.bigint();
    await new Promise((resolve) => {
      ws.once('message', resolve);
      ws.send(message);
    });
    times[i] = Number(process.hrtime.bigint() - t0) / 1e6;
  }
  return median([...times]);
}

export async function runWebSocket(ctx) {
  const { P, log, workDir } = ctx;
  const rounds = P.rounds;
  const count = ctx.quick ? 500 : 5000;
  log(`\n== websocket: echo round trip (${rounds} × ${count}, 1 connection) and ${IDLE_SOCKETS} idle proxied connections`);
  const rows = {
    added: { suite: 'websocket', id: 'ws-echo-added', name: 'WebSocket echo p50 added over a direct connection (1 connection)', unit: 'ms', target: '≤ 0.2 ms' },
    rss: { suite: 'websocket', id: 'ws-idle-rss', name: `gateway RSS holding ${IDLE_SOCKETS} idle proxied WebSockets`, unit: 'MB', target: '≤ 200 MB' },
  };
  const servers = [];
  const sockets = [];
  try {
    if (ctx.gatewayError) throw new Error(ctx.gatewayError);
    const echo = await startServer({ name: 'ws-echo', args: [join(BENCH_DIR, 'contenders', 'ws-echo.mjs')], workDir, cpu: LOADGEN_CPU });
    servers.push(echo);
    const configPath = join(workDir, 'gateway.websocket.json');
    writeGatewayConfig(configPath, { websocketUrl: echo.url });
    const gateway = await startGateway({ name: 'gateway-websocket', configPath, workDir });
    servers.push(gateway);
    const direct = await open(echo.url.replace('http:', 'ws:'));
    const proxied = await open(`${gateway.url.replace('http:', 'ws:')}/ws/echo`);
    sockets.push(direct, proxied);
    await echoP50(direct, Math.min(count, 500)); // warm both paths
    await echoP50(proxied, Math.min(count, 500));
    const added = [];
    const detail = { directP50Ms: [], proxiedP50Ms: [] };
    for (let r = 0; r < rounds; r++) {
      const d = await echoP50(direct, count);
      const g = await echoP50(proxied, count);
      detail.directP50Ms.push(round(d, 4));
      detail.proxiedP50Ms.push(round(g, 4));
      added.push(round(g - d, 4));
      log(`  round ${r + 1}: direct p50 ${d.toFixed(3)} ms, through the gateway ${g.toFixed(3)} ms, added ${(g - d).toFixed(3)} ms`);
    }
    Object.assign(rows.added, { median: median(added), min: min(added), max: max(added), samples: added, detail, met: median(added) <= 0.2, error: null });

    const idleBefore = rssMb(gateway.pid);
    for (let i = 0; i < IDLE_SOCKETS; i += 50) {
      const batch = await Promise.all(Array.from({ length: Math.min(50, IDLE_SOCKETS - i) }, () => open(`${gateway.url.replace('http:', 'ws:')}/ws/echo`)));
      sockets.push(...batch);
    }
    await sleep(ctx.quick ? 500 : 3000);
    const held = rssMb(gateway.pid);
    // Every connection must still be open and echoing: RSS of dead sockets proves nothing.
    const sample = sockets.slice(-20);
    const alive = (await Promise.all(sample.map((ws) => echoP50(ws, 1).then(() => true, () => false)))).filter(Boolean).length;
    log(`  ${IDLE_SOCKETS} idle tunnels: gateway RSS ${idleBefore.toFixed(1)} MB before, ${held.toFixed(1)} MB holding them (${alive}/${sample.length} sampled still echo)`);
    Object.assign(rows.rss, {
      median: held, min: null, max: null, samples: [held],
      detail: { rssBeforeMb: idleBefore, rssHoldingMb: held, sockets: IDLE_SOCKETS, sampledAlive: alive },
      met: held <= 200, error: alive === sample.length ? null : `${sample.length - alive} of ${sample.length} sampled connections did not echo`,
    });
  } catch (err) {
    for (const r of Object.values(rows)) if (r.median === undefined) Object.assign(r, { median: null, min: null, max: null, samples: [], met: null, error: err.message.split('\n')[0] });
    log(`  websocket: not measured: ${err.message}`);
  } finally {
    for (const ws of sockets) ws.terminate();
    for (const s of servers.reverse()) await stopServer(s);
  }
  return Object.values(rows).map((r) => ({ ratio: null, ratioOf: null, ...r }));
}
