// Asks a process running bench/preload/probe.cjs for its measurements (SIGWINCH, see probe.cjs)
// and waits until the file shows the new dump.
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { safeRead } from './proc.mjs';

/** Event-loop delay (BENCH_ELD_OUT) or memory (BENCH_MEM_OUT): both carry a `seq`. */
export async function dumpEld(server, file, timeoutMs = 5_000) {
  const before = parseSeq(safeRead(file));
  server.child.kill('SIGWINCH');
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const text = safeRead(file);
    if (parseSeq(text) > before) return JSON.parse(text);
    await sleep(25);
  }
  throw new Error(`${server.name}: no probe dump in ${file}`);
}

export async function dumpProfile(server, file, timeoutMs = 15_000) {
  const seqFile = `${file}.seq`;
  const before = Number(safeRead(seqFile) || 0);
  server.child.kill('SIGWINCH');
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (Number(safeRead(seqFile) || 0) > before) return JSON.parse(readFileSync(file, 'utf8'));
    await sleep(50);
  }
  throw new Error(`${server.name}: no CPU profile in ${file}`);
}

function parseSeq(text) {
  try {
    return JSON.parse(text).seq ?? 0;
  } catch {
    return 0;
  }
}

export const dumpJson = dumpEld;
