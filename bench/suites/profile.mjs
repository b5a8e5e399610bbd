// CPU profile of the gateway under the preflight load and under the proxied
// GET load (V8 sampling profiler via bench/preload/probe.cjs), summarized to
// the top self-time frames and the share per package. The raw .cpuprofile
// files go to tmp/bench/ for Chrome DevTools.
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { runLoad } from '../lib/load.mjs';
import { summarizeProfile } from '../lib/profile.mjs';
import { dumpProfile } from '../lib/signal-dump.mjs';
import { ORIGIN, PREFLIGHT_HEADERS, PREFLIGHT_PATH, PROXIED_PATH_GATEWAY, ROOT } from '../lib/shared.mjs';
import { startProxiedSet, stopSet } from './proxied.mjs';

export async function runProfiles(ctx) {
  const { P, log, workDir } = ctx;
  log(`\n== gateway CPU profile (${P.profileSec} s per load)`);
  const file = join(workDir, 'gateway.cpuprofile');
  const outDir = join(ROOT, 'tmp', 'bench');
  mkdirSync(outDir, { recursive: true });
  const result = {};
  let set = {};
  try {
    set = await startProxiedSet(ctx, { withDirect: false, gatewayProbeEnv: { BENCH_CPU_PROFILE: file }, gatewayName: 'gateway-profiled' });
    const loads = {
      preflight: { url: set.gateway.url + PREFLIGHT_PATH, method: 'OPTIONS', headers: PREFLIGHT_HEADERS },
      proxied: { url: set.gateway.url + PROXIED_PATH_GATEWAY, method: 'GET', headers: { Origin: ORIGIN } },
    };
    for (const [name, load] of Object.entries(loads)) {
      await runLoad({ ...load, durationSec: P.warmupSec || 1 });
      await dumpProfile(set.gateway, file); // discard start-up and warm-up
      const r = await runLoad({ ...load, durationSec: P.profileSec });
      const profile = await dumpProfile(set.gateway, file);
      const saved = join(outDir, `gateway-${name}.cpuprofile`);
      copyFileSync(file, saved);
      result[name] = { rpsWhileProfiled: r.rps, file: saved, ...summarizeProfile(profile) };
      const top = result[name].topSelf.slice(0, 5).map((f) => `${f.frame} ${f.ofBusyPct}%`).join('; ');
      log(`  ${name}: ${Math.round(r.rps)} req/s while profiled; top: ${top}`);
    }
  } catch (err) {
    result.error = err.message.split('\n')[0];
    log(`  profile: not taken: ${err.message}`);
  } finally {
    await stopSet(set);
  }
  return result;
}
