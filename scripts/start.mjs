#!/usr/bin/env node
// `npm start`: build the three apps, run them on their default ports with the
// embedded defaults (SQLite, static discovery), print the web app's URL.
//   npm start -- --https      all three on https:// with the local development CA (./data/certs)
//   npm start -- --cors=off   the gateway with no CORS policy: the tutorial's "before" state
// Ports: USER_SERVICE_PORT (7101), GATEWAY_PORT (7204), WEB_PORT (7152); each app gets its own as PORT.
// Ctrl-C (SIGINT) or SIGTERM stops all three cleanly.
import { spawn, spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { appEnv, devCaFile, httpsRequested, stackPorts, webOrigin, withDevCaTrust } from './lib/stack-env.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const nxEnv = { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false' };
const usage = 'Usage: npm start [-- --https] [-- --cors=on|off] [-- --no-build]';

const options = parseArgs(process.argv.slice(2));
const https = options.https || httpsRequested(process.env);
try {
  stackPorts(process.env);
} catch (error) {
  fail(error.message);
}
const gatewayConfig = gatewayConfigFor(options.cors);
// user-service first: under HTTPS it creates the development CA, and the
// gateway and web trust it through NODE_EXTRA_CA_CERTS, which Node reads
// only when a process starts.
const apps = ['user-service', 'gateway', 'web'].map((name) => ({ name, env: appEnv(name, process.env, { root, https, gatewayConfig }) }));

if (options.build) {
  console.log('Building gateway, user-service and web ...');
  const build = spawnSync('npx', ['nx', 'run-many', '-t', 'build', '--projects=gateway,user-service,web'], { cwd: root, env: nxEnv, stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

const children = [];
let stopping = false;
process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));

for (const app of apps) {
  if (stopping) break;
  await run(app);
}
if (!stopping) {
  const lines = [`  Open the web app: ${webOrigin(process.env, https)}/  (Ctrl-C stops all three)`];
  if (options.cors === 'off') {
    lines.push(
      '  CORS is OFF at the gateway (the tutorial\'s "before"): the login shows a CORS warning and the',
      '  browser console the block. Run `npm start` without --cors=off for the "after".',
    );
  }
  if (https && !process.env.TLS_CERT_FILE) {
    lines.push(`  HTTPS with the local development CA ${devCaFile(root, process.env)}: trust it once (README "HTTPS").`);
  }
  console.log(`\n${lines.join('\n')}\n`);
}

/** Starts one built app and resolves once it prints its `Listening on` line. */
function run(app) {
  return new Promise((resolveRun) => {
    const child = spawn(process.execPath, [join(root, 'dist', 'apps', app.name, 'main.js')], {
      cwd: root,
      env: withDevCaTrust(app.env, root, process.env),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(child);
    prefix(child.stdout, app.name, process.stdout, (line) => {
      if (/Listening on https?:\/\//.test(line)) resolveRun();
    });
    prefix(child.stderr, app.name, process.stderr, () => undefined);
    child.on('exit', (code, signal) => {
      resolveRun();
      if (!stopping) {
        console.error(`[${app.name}] exited (${signal ?? code}); stopping the others`);
        stop(1);
      }
    });
  });
}

function gatewayConfigFor(cors) {
  if (cors !== 'off') return undefined;
  if (process.env.GATEWAY_CONFIG) fail('--cors=off chooses the gateway config itself; unset GATEWAY_CONFIG or drop --cors=off');
  return join(root, 'dist', 'apps', 'gateway', 'assets', 'gateway.cors-off.config.json');
}

function parseArgs(args) {
  const parsed = { https: false, cors: 'on', build: true };
  for (const arg of args) {
    if (arg === '--https') parsed.https = true;
    else if (arg === '--no-build') parsed.build = false;
    else if (/^--cors=(on|off)$/.test(arg)) parsed.cors = arg.slice('--cors='.length);
    else if (arg === '--help' || arg === '-h') {
      console.log(usage);
      process.exit(0);
    } else fail(`Unknown option "${arg}". ${usage}`);
  }
  return parsed;
}

function fail(message) {
  console.error(message);
  process.exit(2);
}

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

function prefix(stream, name, out, onLine) {
  let buffered = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk) => {
    buffered += chunk;
    const lines = buffered.split('\n');
    buffered = lines.pop();
    for (const line of lines) {
      out.write(`[${name}] ${line}\n`);
      onLine(line);
    }
  });
}
