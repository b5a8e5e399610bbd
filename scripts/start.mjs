#!/usr/bin/env node
// `npm start`: build the three apps, run them on their default ports with the
// embedded defaults (SQLite, static discovery), print the web app's URL.
//   npm start -- --https      all three on https:// with the local development CA (./data/certs)
//   npm start -- --cors=off   the gateway with no CORS policy: the tutorial's "before" state
// Ports: USER_SERVICE_PORT (7101), GATEWAY_PORT (7204), WEB_PORT (7152); each app gets its own as PORT.
// Ctrl-C (SIGINT) or SIGTERM stops all three cleanly.
import { spawn, spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { dirname } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const nxEnv = { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false' };
const usage = 'Usage: npm start [-- --https] [-- --cors=on|off] [-- --no-build]';

const options = parseArgs(process.argv.slice(2));
const https = options.https || /^(true|1|yes|on)$/i.test(process.env.HTTPS ?? '');
const scheme = https ? 'https' : 'http';
const ports = {
  'user-service': process.env.USER_SERVICE_PORT || '7101',
  gateway: process.env.GATEWAY_PORT || '7204',
  web: process.env.WEB_PORT || '7152',
};
for (const [app, port] of Object.entries(ports)) {
  if (!/^\d+$/.test(port) || Number(port) > 65535) fail(`Invalid port for ${app}: "${port}" (USER_SERVICE_PORT, GATEWAY_PORT, WEB_PORT are numbers 0-65535)`);
}
const webOrigin = process.env.WEB_ORIGIN || `${scheme}://localhost:${ports.web}`;
const gatewayConfig = gatewayConfigFor(options.cors);

// Environment shared by the three apps. Under HTTPS with the development CA,
// each app trusts it for its own outgoing calls (gateway -> user-service,
// web -> gateway): Node reads NODE_EXTRA_CA_CERTS once, when the process starts,
// which is why user-service (which creates the CA) starts first.
const shared = { NODE_ENV: 'development', ...process.env };
delete shared.NX_TUI;
if (https) {
  shared.HTTPS = 'true';
  if (!process.env.TLS_CERT_FILE) {
    shared.NODE_EXTRA_CA_CERTS = resolve(root, process.env.DATA_DIR || 'data', 'certs', 'ca.pem');
  }
}
const apps = [
  { name: 'user-service', env: { PORT: ports['user-service'] } },
  {
    name: 'gateway',
    env: {
      PORT: ports.gateway,
      WEB_ORIGIN: webOrigin,
      USER_SERVICE_URL: process.env.USER_SERVICE_URL || `${scheme}://127.0.0.1:${ports['user-service']}`,
      ...(gatewayConfig && { GATEWAY_CONFIG: gatewayConfig }),
    },
  },
  { name: 'web', env: { PORT: ports.web, GATEWAY_BASE_URL: process.env.GATEWAY_BASE_URL || `${scheme}://localhost:${ports.gateway}` } },
];

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
  const lines = [`  Open the web app: ${webOrigin}/  (Ctrl-C stops all three)`];
  if (options.cors === 'off') {
    lines.push(
      '  CORS is OFF at the gateway (the tutorial\'s "before"): the login shows a CORS warning and the',
      '  browser console the block. Run `npm start` without --cors=off for the "after".',
    );
  }
  if (https && shared.NODE_EXTRA_CA_CERTS) {
    lines.push(`  HTTPS with the local development CA ${shared.NODE_EXTRA_CA_CERTS}: trust it once (README "HTTPS").`);
  }
  console.log(`\n${lines.join('\n')}\n`);
}

/** Starts one built app and resolves once it prints its `Listening on` line. */
function run(app) {
  return new Promise((resolveRun) => {
    const child = spawn(process.execPath, [join(root, 'dist', 'apps', app.name, 'main.js')], {
      cwd: root,
      env: { ...shared, ...app.env },
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
