#!/usr/bin/env node
// `npm start`: build the three apps, run them on their default ports with the
// embedded defaults (SQLite, static discovery), print the web app's URL.
// Ctrl-C (SIGINT) or SIGTERM stops all three cleanly.
import { spawn, spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const nxEnv = { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false' };

const apps = [
  { name: 'user-service', port: process.env.USER_SERVICE_PORT ?? '7101' },
  { name: 'gateway', port: process.env.GATEWAY_PORT ?? '7204' },
  { name: 'web', port: process.env.WEB_PORT ?? '7152' },
];

console.log('Building gateway, user-service and web ...');
const build = spawnSync('npx', ['nx', 'run-many', '-t', 'build', '--projects=gateway,user-service,web'], {
  cwd: root,
  env: nxEnv,
  stdio: 'inherit',
});
if (build.status !== 0) process.exit(build.status ?? 1);

const children = [];
let stopping = false;

for (const app of apps) {
  const env = { NODE_ENV: 'development', ...process.env, PORT: app.port };
  delete env.NX_TUI;
  const child = spawn(process.execPath, [join(root, 'dist', 'apps', app.name, 'main.js')], {
    cwd: root,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  prefix(child.stdout, app.name, process.stdout);
  prefix(child.stderr, app.name, process.stderr);
  child.on('exit', (code, signal) => {
    if (!stopping) {
      console.error(`[${app.name}] exited (${signal ?? code}); stopping the others`);
      stop(1);
    }
  });
  children.push(child);
}

const webPort = apps.find((a) => a.name === 'web').port;
setTimeout(() => {
  if (!stopping) {
    console.log(`\n  Open the web app: http://localhost:${webPort}/  (Ctrl-C stops all three)\n`);
  }
}, 1500);

process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));

function stop(code) {
  if (stopping) return;
  stopping = true;
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
  const deadline = setTimeout(() => {
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  }, 5000);
  Promise.all(children.map((c) => (c.exitCode !== null ? null : new Promise((r) => c.once('exit', r))))).then(() => {
    clearTimeout(deadline);
    process.exit(code);
  });
}

function prefix(stream, name, out) {
  let buffered = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk) => {
    buffered += chunk;
    const lines = buffered.split('\n');
    buffered = lines.pop();
    for (const line of lines) out.write(`[${name}] ${line}\n`);
  });
}
