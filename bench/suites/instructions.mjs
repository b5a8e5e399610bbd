// Instructions per request under callgrind (lib/callgrind.mjs): the preflight
// and the proxied GET of the throughput suites, counted instead of timed. A
// count does not move with the machine's fast and slow states or with other
// tenants, so it says whether a change made the gateway do less; what it
// cannot see is how fast each instruction runs (cache misses, a larger
// process), which is why the throughput rows stay the verdict.
import { join } from 'node:path';
import { APP_MAIN, writeGatewayConfig } from '../lib/apps.mjs';
import { HAS_CALLGRIND, instructionsPerRequest, startUnderCallgrind } from '../lib/callgrind.mjs';
import { LOADGEN_CPU, startServer, stopServer } from '../lib/proc.mjs';
import { BENCH_DIR, ORIGIN, PREFLIGHT_HEADERS, PREFLIGHT_PATH, PROXIED_PATH_GATEWAY, PROXIED_PATH_UPSTREAM } from '../lib/shared.mjs';

const contender = (file) => join(BENCH_DIR, 'contenders', file);
const PREFLIGHT = { path: PREFLIGHT_PATH, method: 'OPTIONS', headers: PREFLIGHT_HEADERS, okStatus: 204 };

const CASES = [
  { suite: 'preflight', id: 'bare-node', name: 'bare Node http (same 204)', base: 'bare-node', args: () => [contender('bare-node.mjs')], load: PREFLIGHT },
  { suite: 'preflight', id: 'gateway', name: 'corsway gateway (StrictMvc route)', base: 'bare-node', gateway: true, load: PREFLIGHT },
  { suite: 'proxied', id: 'undici-proxy', name: 'minimal undici keep-alive proxy', base: 'undici-proxy', args: () => [contender('undici-proxy.mjs')], proxy: {}, load: { path: PROXIED_PATH_UPSTREAM } },
  {
    suite: 'proxied',
    id: 'undici-proxy-headers',
    name: "minimal undici proxy + the gateway's 12 headers",
    base: 'undici-proxy',
    args: () => [contender('undici-proxy.mjs')],
    proxy: { WITH_GATEWAY_HEADERS: '1' },
    load: { path: PROXIED_PATH_UPSTREAM },
  },
  { suite: 'proxied', id: 'gateway-proxy', name: 'corsway gateway (the proxied route of the bench config)', base: 'undici-proxy', gateway: true, load: { path: PROXIED_PATH_GATEWAY } },
  // Ratio to the gateway with metrics on: above 1 by what counting costs (the throughput suite's metrics on ÷ off, counted).
  { suite: 'proxied', id: 'gateway-metrics-off', name: 'corsway gateway, metrics off (ratio: instructions with metrics on ÷ off)', base: 'gateway-proxy', gateway: true, metrics: false, load: { path: PROXIED_PATH_GATEWAY } },
];

export async function runInstructions(ctx) {
  const { log, workDir, quick } = ctx;
  // Under callgrind a server runs ~50 times slower: the warm-up is sized for
  // V8 to have optimized the hot path, the count for a stable mean.
  const warmup = quick ? 300 : 30_000;
  const requests = quick ? 200 : 10_000;
  log(`\n== instructions per request (valgrind --tool=callgrind, ${warmup} warm-up + ${requests} counted requests)`);
  const results = new Map();
  let backend = null;
  try {
    if (!HAS_CALLGRIND) throw new Error('valgrind not installed (apt-get install valgrind)');
    if (ctx.gatewayError) throw new Error(ctx.gatewayError);
    backend = await startServer({ name: 'upstream-callgrind', args: [contender('upstream.mjs')], workDir, cpu: LOADGEN_CPU });
    const configPath = join(workDir, 'gateway.instructions.json');
    writeGatewayConfig(configPath, { upstreamUrl: backend.url });
    const metricsOffPath = join(workDir, 'gateway.instructions.metrics-off.json');
    writeGatewayConfig(metricsOffPath, { upstreamUrl: backend.url, metrics: false });
    for (const c of CASES) {
      let server = null;
      try {
        server = c.gateway
          ? await startUnderCallgrind({ name: `cg-${c.suite}-${c.id}`, args: [APP_MAIN.gateway], env: { GATEWAY_CONFIG: c.metrics === false ? metricsOffPath : configPath, LOG_LEVEL: 'info', NODE_ENV: 'production' }, workDir, cwd: workDir })
          : await startUnderCallgrind({ name: `cg-${c.suite}-${c.id}`, args: c.args(), env: c.proxy ? { UPSTREAM_URL: backend.url, ...c.proxy } : {}, workDir });
        const load = { method: 'GET', headers: { Origin: ORIGIN }, okStatus: 200, ...c.load };
        const n = await instructionsPerRequest(server, load, { warmup, requests });
        results.set(`${c.suite}/${c.id}`, n);
        log(`  ${c.suite} ${c.id.padEnd(22)} ${(n / 1000).toFixed(1)} k instructions/request`);
      } catch (err) {
        results.set(`${c.suite}/${c.id}`, err);
        log(`  ${c.suite} ${c.id}: not measured: ${err.message.split('\n')[0]}`);
      } finally {
        await stopServer(server, 20_000);
      }
    }
  } catch (err) {
    for (const c of CASES) if (!results.has(`${c.suite}/${c.id}`)) results.set(`${c.suite}/${c.id}`, err);
    log(`  not measured: ${err.message.split('\n')[0]}`);
  } finally {
    await stopServer(backend);
  }
  return CASES.map((c) => {
    const n = results.get(`${c.suite}/${c.id}`);
    const base = results.get(`${c.suite}/${c.base}`);
    const ok = typeof n === 'number';
    return {
      suite: 'instructions',
      id: `${c.suite}/${c.id}`,
      name: `${c.suite}: ${c.name}`,
      unit: 'k instr/req',
      median: ok ? n / 1000 : null,
      min: null,
      max: null,
      // As the throughput rows read: base ÷ this, so above 1 means fewer instructions than the base.
      ratio: ok && typeof base === 'number' ? base / n : null,
      ratioOf: c.base,
      target: null,
      met: null,
      error: ok ? null : (n?.message ?? 'not measured').split('\n')[0],
    };
  });
}
