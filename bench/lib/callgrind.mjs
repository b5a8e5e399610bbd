// Instructions per request, counted by valgrind's callgrind: user-space
// instructions of the server process (all its threads), independent of how
// fast the machine happens to be. The server starts under callgrind with
// instrumentation off, is warmed up by real requests (so V8 has optimized
// the hot path), then instrumentation is switched on for exactly `requests`
// requests and the total is read from the dump. Kernel time (the socket
// system calls both sides of a comparison make alike) is not counted.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Agent, request } from 'undici';
import { commandExists, startServer } from './proc.mjs';

export const HAS_CALLGRIND = commandExists('valgrind') && commandExists('callgrind_control');

/** Starts `node <args>` under callgrind, instrumentation off, on 127.0.0.1 and a free port. */
export async function startUnderCallgrind({ name, args, env = {}, workDir, cwd }) {
  const out = join(workDir, `${name}.callgrind`);
  const server = await startServer({
    name,
    cmd: 'valgrind',
    args: ['--tool=callgrind', '--instr-atstart=no', `--callgrind-out-file=${out}`, '--dump-instr=no', '--collect-jumps=no', process.execPath, ...args],
    env: { PORT: '0', HOST: LISTEN_HOST, ...env },
    workDir,
    cwd,
    timeoutMs: 180_000,
  });
  return { ...server, callgrindOut: out };
}

const LISTEN_HOST = '127.0.0.1';

/** `count` requests over `connections` keep-alive connections; throws on an unexpected status. */
export async function sendCounted(url, { method = 'GET', headers = {}, count, connections = 8, okStatus }) {
  const agent = new Agent({ connections, pipelining: 1 });
  let sent = 0;
  try {
    await Promise.all(
      Array.from({ length: connections }, async () => {
        while (sent < count) {
          sent += 1;
          const res = await request(url, { method, headers, dispatcher: agent });
          await res.body.dump();
          if (res.statusCode !== okStatus) throw new Error(`${method} ${url} answered ${res.statusCode}, expected ${okStatus}`);
        }
      }),
    );
  } finally {
    await agent.close();
  }
}

// callgrind_control finds the process through a file named after the USER and
// HOST variables of both sides (valgrind's vgdb), and every app reads HOST as
// its listen address: ask with the server's HOST.
function control(args) {
  execFileSync('callgrind_control', args, { stdio: 'ignore', env: { ...process.env, HOST: LISTEN_HOST } });
}

/** Instructions per request for `server` (started by startUnderCallgrind) on `load`. */
export async function instructionsPerRequest(server, load, { warmup, requests }) {
  await sendCounted(server.url + load.path, { ...load, count: warmup });
  control(['-i', 'on', String(server.pid)]);
  await sendCounted(server.url + load.path, { ...load, count: requests });
  control(['-i', 'off', String(server.pid)]);
  control(['-d', String(server.pid)]);
  let total = 0;
  for (let i = 0; i < 50 && total === 0; i++) {
    total = dumpedTotal(server.callgrindOut);
    if (total === 0) await new Promise((r) => setTimeout(r, 100));
  }
  if (total === 0) throw new Error('callgrind wrote no counts');
  return total / requests;
}

/** The largest `totals:` of the dumps callgrind wrote for one process (`<out>`, `<out>.1`, ...). */
function dumpedTotal(out) {
  const dir = join(out, '..');
  if (!existsSync(dir)) return 0;
  const base = out.slice(dir.length + 1);
  let total = 0;
  for (const f of readdirSync(dir)) {
    if (f !== base && !f.startsWith(`${base}.`)) continue;
    const m = /^totals: (\d+)/m.exec(readFileSync(join(dir, f), 'utf8'));
    if (m) total = Math.max(total, Number(m[1]));
  }
  return total;
}
