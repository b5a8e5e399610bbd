// Starting and stopping the processes under test. Every server is its own
// process, pinned to one CPU when `taskset` exists, stdout/stderr to a log file
// (a pipe back into this harness would cost CPU on the load generator's core
// and block a chatty server once full).
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

export const HAS_TASKSET = commandExists('taskset') && spawnSync('taskset', ['-c', '0', 'true']).status === 0;
/** The server under test runs on CPU 0, the load generator on CPU 1. */
export const SERVER_CPU = '0';
export const LOADGEN_CPU = '1';

export function commandExists(cmd) {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
}

/** `[cmd, ...args]` prefixed with `taskset -c <cpu>` when available. */
export function pinned(cpu, cmd, args) {
  return HAS_TASKSET ? ['taskset', ['-c', cpu, cmd, ...args]] : [cmd, args];
}

const LISTENING = /Listening on http:\/\/([^:/\s]+):(\d+)/;

/**
 * Starts `node <args>` (or any command) and resolves once it printed the
 * team's `Listening on http://host:port` line (docs/ARCHITECTURE.md "Running").
 */
export async function startServer({ name, cmd = process.execPath, args, env = {}, cpu = SERVER_CPU, workDir, cwd, timeoutMs = 30_000 }) {
  const logPath = join(workDir, `${name}.log`);
  const fd = openSync(logPath, 'w');
  const [file, argv] = pinned(cpu, cmd, args);
  const child = spawn(file, argv, {
    cwd,
    env: { ...cleanEnv(), ...env },
    stdio: ['ignore', fd, fd],
  });
  closeSync(fd);
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const server = { name, child, pid: child.pid, logPath, exited, port: 0, url: '' };
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const log = safeRead(logPath);
    const m = LISTENING.exec(log);
    if (m) {
      server.port = Number(m[2]);
      server.url = `http://127.0.0.1:${server.port}`;
      return server;
    }
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`${name} exited before listening (${child.exitCode ?? child.signalCode}); log ${logPath}:\n${tail(log)}`);
    }
    if (Date.now() > deadline) {
      await stopServer(server);
      throw new Error(`${name} did not print "Listening on" within ${timeoutMs} ms; log ${logPath}:\n${tail(log)}`);
    }
    await sleep(50);
  }
}

/** For servers that print nothing (nginx): wait until the port accepts. */
export async function startPortServer({ name, cmd, args, port, cpu = SERVER_CPU, workDir, env = {}, timeoutMs = 15_000 }) {
  const logPath = join(workDir, `${name}.log`);
  const fd = openSync(logPath, 'w');
  const [file, argv] = pinned(cpu, cmd, args);
  const child = spawn(file, argv, { env: { ...cleanEnv(), ...env }, stdio: ['ignore', fd, fd] });
  closeSync(fd);
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const server = { name, child, pid: child.pid, logPath, exited, port, url: `http://127.0.0.1:${port}` };
  const deadline = Date.now() + timeoutMs;
  while (!(await portOpen(port))) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`${name} exited before listening; log ${logPath}:\n${tail(safeRead(logPath))}`);
    }
    if (Date.now() > deadline) {
      await stopServer(server);
      throw new Error(`${name} did not open port ${port} within ${timeoutMs} ms`);
    }
    await sleep(50);
  }
  return server;
}

/** SIGTERM, then SIGKILL after a grace period. Only ever our own child, by pid. */
export async function stopServer(server, graceMs = 5_000) {
  if (!server || server.child.exitCode !== null || server.child.signalCode !== null) return;
  server.child.kill('SIGTERM');
  const timer = setTimeout(() => server.child.kill('SIGKILL'), graceMs);
  await server.exited;
  clearTimeout(timer);
}

export async function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

function portOpen(port) {
  return new Promise((resolve) => {
    const s = connect(port, '127.0.0.1');
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}

/** Resident set size of a process in MB, from /proc (Linux). */
export function rssMb(pid) {
  const status = safeRead(`/proc/${pid}/status`);
  const m = /VmRSS:\s+(\d+)\s+kB/.exec(status);
  return m ? Number(m[1]) / 1024 : NaN;
}

/** The children must not inherit settings that change what they do (DISCOVERY=consul, a debugger, ...). */
function cleanEnv() {
  const env = { ...process.env };
  for (const k of ['DISCOVERY', 'CONSUL_URL', 'REDIS_URL', 'GATEWAY_CONFIG', 'NODE_OPTIONS', 'DATABASE_URL', 'PORT', 'HOST']) delete env[k];
  return env;
}

export function safeRead(path) {
  try {
    return existsSync(path) ? readFileSync(path, 'utf8') : '';
  } catch {
    return '';
  }
}

function tail(text, lines = 30) {
  return text.split('\n').slice(-lines).join('\n');
}

/**
 * Runs a short-lived helper (load generator, in-process bench) pinned to `cpu`
 * and resolves with its stdout; rejects with its stderr on a non-zero exit.
 */
export function runCaptured({ cmd, args, cpu, env, cwd, timeoutMs = 600_000 }) {
  const [file, argv] = pinned(cpu, cmd, args);
  return new Promise((resolve, reject) => {
    const child = spawn(file, argv, { cwd, env: env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('error', reject);
    child.once('exit', (code) => {
      clearTimeout(timer);
      if (code === 0) resolve(out);
      else reject(new Error(`${cmd} ${args.slice(0, 3).join(' ')} exited ${code}: ${(err || out).trim().split('\n').slice(0, 8).join(' | ')}`));
    });
  });
}
