// The one table and the machine it ran on.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { readFileSync } from 'node:fs';
import { HAS_TASKSET } from './proc.mjs';
import { LOADGEN } from './load.mjs';
import { ROOT } from './shared.mjs';

export function machineInfo() {
  const cpuinfo = safe(() => readFileSync('/proc/cpuinfo', 'utf8'), '');
  const model = /model name\s*:\s*(.+)/.exec(cpuinfo)?.[1]?.trim() ?? cpus()[0]?.model ?? 'unknown';
  return {
    nproc: Number(safe(() => execFileSync('nproc', { encoding: 'utf8' }).trim(), String(cpus().length))),
    cpuModel: model,
    node: process.version,
    loadGenerator: LOADGEN === 'wrk' ? safe(() => execFileSync('wrk', ['-v'], { encoding: 'utf8' }).split('\n')[0], 'wrk') : 'autocannon',
    nginx: nginxVersion(),
    taskset: HAS_TASKSET,
    gitCommit: safe(() => execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim(), null),
    loadAvgAtStart: loadavg().map((x) => Math.round(x * 100) / 100),
  };
}

/** `nginx -v` prints to stderr. */
function nginxVersion() {
  const r = spawnSync('nginx', ['-v'], { encoding: 'utf8' });
  return r.status === 0 ? (r.stderr || r.stdout).trim() : null;
}

function safe(fn, fallback) {
  try {
    return fn() || fallback;
  } catch {
    return fallback;
  }
}

const fmt = (x, unit) => {
  if (x === null || x === undefined || Number.isNaN(x)) return '—';
  if (unit === 'ms' || unit === 'MB' || unit === '×') return x.toFixed(x < 10 ? 2 : 1);
  if (unit === 'k instr/req') return x.toFixed(1);
  return Math.round(x).toLocaleString('en-US');
};

/** yes / NO; when req/s and CPU per request disagree, both verdicts. */
function metText(r) {
  if (r.met === null || r.met === undefined) return r.target ? '?' : '';
  const v = (b) => (b ? 'yes' : 'NO');
  if (r.metByCpu === null || r.metByCpu === undefined || r.metByCpu === r.met) return v(r.met);
  return `${v(r.met)} by req/s, ${v(r.metByCpu)} by CPU`;
}

/** ` (lo–hi)` of the per-round ratios, when there is more than one round. */
function spread(lo, hi, sep = ' (') {
  if (lo === null || lo === undefined || hi === null || hi === undefined || lo === hi) return '';
  return `${sep}${lo.toFixed(2)}–${hi.toFixed(2)}${sep === ' (' ? ')' : ''}`;
}

export function tableRows(rows) {
  return rows.map((r) => ({
    contender: r.name,
    median: r.error ? `not measured: ${r.error}` : `${fmt(r.median, r.unit)} ${r.unit}`,
    range: r.error || r.min === null || r.min === undefined ? '—' : `${fmt(r.min, r.unit)}–${fmt(r.max, r.unit)}`,
    ratio: r.ratio === null || r.ratio === undefined ? '' : `${r.ratio.toFixed(2)}${spread(r.ratioMin, r.ratioMax)}`,
    cpu: r.cpuUsPerReq ? `${r.cpuUsPerReq.toFixed(1)}${r.cpuRatio ? ` (${r.cpuRatio.toFixed(2)}${spread(r.cpuRatioMin, r.cpuRatioMax, ', ')})` : ''}` : '',
    target: r.target ?? '',
    met: metText(r),
  }));
}

const HEAD = {
  contender: 'Contender',
  median: 'Median',
  range: 'Min–max',
  // Median of the per-round ratios (contender ÷ base in the same round), and their range.
  ratio: 'Ratio (per-round range)',
  target: 'Target',
  met: 'Met?',
  // Server CPU per request and the ratio it implies (base ÷ this): robust on a shared machine.
  cpu: 'CPU µs/req (ratio, range)',
};

export function renderText(rows) {
  const t = tableRows(rows);
  const cols = Object.keys(HEAD);
  const width = Object.fromEntries(cols.map((c) => [c, Math.max(HEAD[c].length, ...t.map((r) => r[c].length))]));
  const line = (r) => cols.map((c) => r[c].padEnd(width[c])).join(' | ');
  let suite = null;
  const out = [line(HEAD), cols.map((c) => '-'.repeat(width[c])).join('-|-')];
  rows.forEach((r, i) => {
    if (r.suite !== suite) {
      suite = r.suite;
      out.push(`[${suite}]`);
    }
    out.push(line(t[i]));
  });
  return out.join('\n');
}

export function renderMarkdown(rows) {
  const t = tableRows(rows);
  const cols = Object.keys(HEAD);
  const out = [`| Suite | ${cols.map((c) => HEAD[c]).join(' | ')} |`, `|---|${cols.map(() => '---').join('|')}|`];
  rows.forEach((r, i) => out.push(`| ${r.suite} | ${cols.map((c) => t[i][c].replace(/\|/g, '\\|')).join(' | ')} |`));
  return out.join('\n');
}

const START = '<!-- bench:latest:start (written by `npm run bench`; do not edit by hand) -->';
const END = '<!-- bench:latest:end -->';

/**
 * Replaces the generated block of bench/README.md with this run's table, the
 * machine and the gateway's profile summary, so the README always carries
 * the table of the committed results/latest.json.
 */
export function readmeBlock(result) {
  const m = result.machine;
  const lines = [
    START,
    `Run ${result.date} (${result.durationSec} s), commit \`${m.gitCommit}\`: ${m.nproc} × ${m.cpuModel}, Node ${m.node}, ` +
      `${m.loadGenerator}${m.nginx ? `, ${m.nginx}` : ''}; ${result.method.pinning}; ${result.method.connections} connections; ` +
      `${result.method.rounds} rounds of ${result.method.durationSec} s, alternated, the order rotated every round. Load average at start ${m.loadAvgAtStart.join(' / ')}, at end ${m.loadAvgAtEnd.join(' / ')}.`,
    '',
    result.markdown,
    '',
  ];
  for (const [name, p] of Object.entries(result.profiles ?? {})) {
    if (!p || typeof p !== 'object' || !p.topSelf) continue;
    lines.push(`Gateway CPU profile, ${name} load (${Math.round(p.rpsWhileProfiled)} req/s while profiled, ${p.idlePct}% idle):`);
    lines.push('');
    lines.push(`- by area (share of busy time): ${p.byArea.filter((a) => a.ofBusyPct !== null).slice(0, 8).map((a) => `${a.area} ${a.ofBusyPct}%`).join(', ')}`);
    lines.push(`- top self time: ${p.topSelf.slice(0, 8).map((f) => `\`${f.frame}\` ${f.ofBusyPct}%`).join(', ')}`);
    lines.push(`- our code, inclusive: ${p.ownInclusive.slice(0, 6).map((f) => `\`${f.frame}\` ${f.ofBusyPct}%`).join(', ')}`);
    lines.push('');
  }
  lines.push(END);
  return lines.join('\n');
}

export function updateReadme(text, result) {
  const block = readmeBlock(result);
  const a = text.indexOf(START);
  const b = text.indexOf(END);
  if (a < 0 || b < 0) return `${text.trimEnd()}\n\n${block}\n`;
  return text.slice(0, a) + block + text.slice(b + END.length);
}
