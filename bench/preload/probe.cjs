// Loaded with `node --require bench/preload/probe.cjs <app>` so the bench can
// look inside an app it must not edit:
// - BENCH_ELD_OUT=<file>: perf_hooks.monitorEventLoopDelay runs from start-up;
//   every SIGWINCH writes the histogram so far (ms) to the file and resets it,
//   and it is written once more on exit.
// - BENCH_CPU_PROFILE=<file>: the V8 sampling profiler (what `--cpu-prof` uses)
//   runs from start-up; every SIGWINCH writes the profile so far to the file
//   (a .cpuprofile, loadable in Chrome DevTools) and starts a fresh one.
//   `--cpu-prof` itself only writes on a normal exit, and Nest's shutdown hooks
//   re-raise SIGTERM, so its file would never appear.
// - BENCH_MEM_OUT=<file>: every SIGWINCH writes process.memoryUsage() (MB), so
//   an RSS figure can be split into V8 heap, external/array buffers and the rest.
//   With `node --expose-gc` it collects garbage first, so two dumps compare
//   live memory, not where the collector happened to be (leak check).
// SIGWINCH: Nest's enableShutdownHooks() with no arguments treats SIGUSR2 (and
// SIGHUP, SIGQUIT, ...) as a shutdown signal, and Node reserves SIGUSR1 for the
// inspector; SIGWINCH is ignored by default and used by neither, so it is safe
// even without the preload; writes are atomic (tmp + rename)
// so the harness never reads half a file.
'use strict';
const { monitorEventLoopDelay } = require('node:perf_hooks');
const { writeFileSync, renameSync } = require('node:fs');

function writeAtomic(file, text) {
  const tmp = `${file}.tmp-${process.pid}`;
  writeFileSync(tmp, text);
  renameSync(tmp, file);
}

const eldOut = process.env.BENCH_ELD_OUT;
let histogram = null;
let seq = 0;
if (eldOut) {
  histogram = monitorEventLoopDelay({ resolution: 10 });
  histogram.enable();
}

function dumpEld() {
  if (!histogram) return;
  const ms = (ns) => ns / 1e6;
  seq += 1;
  writeAtomic(
    eldOut,
    JSON.stringify({
      seq,
      pid: process.pid,
      count: histogram.count,
      minMs: ms(histogram.min),
      meanMs: ms(histogram.mean),
      p50Ms: ms(histogram.percentile(50)),
      p99Ms: ms(histogram.percentile(99)),
      maxMs: ms(histogram.max),
    }),
  );
  histogram.reset();
}

const profOut = process.env.BENCH_CPU_PROFILE;
let session = null;
let profSeq = 0;
if (profOut) {
  const inspector = require('node:inspector');
  session = new inspector.Session();
  session.connect();
  session.post('Profiler.enable', () => session.post('Profiler.start'));
}

function dumpProfile() {
  if (!session) return;
  session.post('Profiler.stop', (err, result) => {
    if (!err && result) {
      profSeq += 1;
      writeAtomic(profOut, JSON.stringify(result.profile));
      writeAtomic(`${profOut}.seq`, String(profSeq));
    }
    session.post('Profiler.start');
  });
}

const memOut = process.env.BENCH_MEM_OUT;
let memSeq = 0;
function dumpMem() {
  if (!memOut) return;
  const mb = (b) => Math.round((b / 1048576) * 10) / 10;
  const gc = typeof global.gc === 'function';
  if (gc) global.gc();
  const m = process.memoryUsage();
  memSeq += 1;
  writeAtomic(
    memOut,
    JSON.stringify({ seq: memSeq, afterGc: gc, rssMb: mb(m.rss), heapTotalMb: mb(m.heapTotal), heapUsedMb: mb(m.heapUsed), externalMb: mb(m.external), arrayBuffersMb: mb(m.arrayBuffers) }),
  );
}

process.on('SIGWINCH', () => {
  dumpEld();
  dumpMem();
  dumpProfile();
});
process.on('exit', () => dumpEld());
