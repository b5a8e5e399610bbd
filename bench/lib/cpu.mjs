// CPU time a server spent, read from /proc (Linux): the noise-robust figure on
// a shared machine. req/s falls when other tenants take the core; CPU time per
// request does not (much), so it says what a dedicated core would deliver.
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { safeRead } from './proc.mjs';

let ticks = 100;
try {
  ticks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
} catch {
  ticks = 100;
}

function stat(pid) {
  const text = safeRead(`/proc/${pid}/stat`);
  if (!text) return null;
  // Fields after the parenthesised command name (which may contain spaces).
  const f = text.slice(text.lastIndexOf(')') + 2).split(' ');
  return { ppid: Number(f[1]), cpu: (Number(f[11]) + Number(f[12])) / ticks };
}

/** utime + stime in seconds of `pid` and its direct children (nginx's worker). */
export function cpuSeconds(pid) {
  const own = stat(pid);
  if (!own) return NaN;
  let total = own.cpu;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === pid) continue;
    const s = stat(entry);
    if (s && s.ppid === pid) total += s.cpu;
  }
  return total;
}
