#!/usr/bin/env node
// `nx serve <app>`: one development build, then webpack's own watcher (no Nx
// daemon needed) rebuilds on every change and the app restarts on each good
// build. A broken build keeps the last process running and says so.
//   node scripts/dev/serve-app.mjs <gateway|user-service|web> [--output-path=<dir>]
// --output-path builds somewhere other than dist/apps/<app> (the restart test
// uses a temp directory so it never overwrites a build another suite runs).
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { appEnv, devCaFile, httpsRequested, withDevCaTrust } from '../lib/stack-env.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const APPS = ['gateway', 'user-service', 'web'];
const [app, ...rest] = process.argv.slice(2);
if (!APPS.includes(app)) {
  console.error(`Usage: node scripts/dev/serve-app.mjs <${APPS.join('|')}> [--output-path=<dir>]`);
  process.exit(2);
}
const outputArg = rest.find((a) => a.startsWith('--output-path='));
const tag = `[serve ${app}]`;

// Development mode for the build (webpack.config.js reads it) and for the app
// (pino-pretty logs, demo user); PORT, origins and URLs as `npm start` sets them.
process.env.NODE_ENV ||= 'development';
const https = httpsRequested(process.env);
const childEnv = appEnv(app, process.env, { root, https });
// `PORT=0 nx serve web` (one app alone) wins over WEB_PORT; `npm run dev` uses the per-app variables.
if (process.env.PORT) childEnv.PORT = process.env.PORT;
const caFile = devCaFile(root, process.env);

const projectDir = join(root, 'apps', app);
process.chdir(projectDir); // the config's paths (./src/main.ts, ./tsconfig.app.json) are relative to it
// NxAppWebpackPlugin reads the build target's options from Nx's cached project graph (Nx writes it before running any target).
process.env.NX_BUILD_TARGET = `${app}:build:development`;
const require = createRequire(join(projectDir, 'webpack.config.js'));
const webpack = require('webpack');
const config = require(join(projectDir, 'webpack.config.js'));
if (outputArg) config.output = { ...config.output, path: resolve(root, outputArg.slice('--output-path='.length)) };
const outputPath = config.output.path;

let child = null;
let stopping = false;
let builds = 0;

const compiler = webpack({ ...config, mode: 'development' });
const watching = compiler.watch({ aggregateTimeout: 200 }, (err, stats) => {
  if (err || stats.hasErrors()) {
    console.error(`${tag} build failed${child ? ', the running app keeps the previous build' : ''}; waiting for changes`);
    console.error(err ? String(err) : stats.toString({ all: false, errors: true, colors: process.stdout.isTTY }));
    return;
  }
  builds++;
  const ms = stats.endTime - stats.startTime;
  console.log(`${tag} ${builds === 1 ? 'built' : 'rebuilt after a change'} in ${ms} ms (development)`);
  void restart(builds > 1);
});

async function restart(isRestart) {
  await stopChild();
  if (stopping) return;
  // gateway and web check user-service's certificate with the CA it creates; Node reads NODE_EXTRA_CA_CERTS only at start.
  if (https && app !== 'user-service' && childEnv.NODE_EXTRA_CA_CERTS === caFile) await waitFor(caFile, 60_000);
  if (isRestart) console.log(`${tag} restarting`);
  child = spawn(process.execPath, ['--enable-source-maps', join(outputPath, 'main.js')], { cwd: root, env: withDevCaTrust(childEnv, root, process.env), stdio: 'inherit' });
  const current = child;
  current.on('exit', (code, signal) => {
    if (child === current) {
      child = null;
      if (!stopping) console.error(`${tag} the app exited (${signal ?? code}); it starts again after the next change`);
    }
  });
}

function stopChild() {
  const current = child;
  child = null;
  if (!current || current.exitCode !== null || current.signalCode !== null) return Promise.resolve();
  return new Promise((done) => {
    const kill = setTimeout(() => current.kill('SIGKILL'), 5_000);
    current.once('exit', () => {
      clearTimeout(kill);
      done();
    });
    current.kill('SIGTERM');
  });
}

async function waitFor(file, ms) {
  const deadline = Date.now() + ms;
  while (!existsSync(file) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 250));
}

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    stopping = true;
    watching.close(() => undefined);
    stopChild().then(() => process.exit(0));
  });
}
