// "Under attack": p99 of legitimate proxied logins and /users/user/me calls
// through the built gateway to the built user-service, unloaded, then while 70
// slow-body connections and 100 deep-JSON requests/s hit the login route
// (bench/lib/attacker.mjs). Target: p99 under attack ≤ 2 × unloaded, and no
// legitimate request fails. The legitimate traffic is open loop at a fixed
// rate (2 logins and 50 /me a second, bench/lib/open-loop-client.mjs): closed-
// loop clients would keep CPU 0 saturated on their own, and the row would
// measure how the CPU is shared rather than what the attack costs a user.
// Gateway and user-service share CPU 0; the clients and the attackers run on CPU 1.
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { APP_MAIN, startGateway } from '../lib/apps.mjs';
import { probe } from '../lib/check.mjs';
import { LOADGEN_CPU, pinned, runCaptured, startServer, stopServer } from '../lib/proc.mjs';
import { BENCH_DIR, DEMO_LOGIN, ORIGIN } from '../lib/shared.mjs';

const node = (file) => join(BENCH_DIR, 'lib', file);

async function openLoop(options) {
  const out = await runCaptured({ cmd: process.execPath, args: [node('open-loop-client.mjs'), JSON.stringify(options)], cpu: LOADGEN_CPU });
  return JSON.parse(out.trim().split('\n').pop());
}

function attack(options) {
  const [cmd, args] = pinned(LOADGEN_CPU, process.execPath, [node('attacker.mjs'), JSON.stringify(options)]);
  const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (c) => (out += c));
  return new Promise((resolve) => child.once('exit', () => resolve(JSON.parse(out.trim().split('\n').pop() || '{}'))));
}

/** Legitimate traffic for `durationSec`: 2 logins and 50 /me calls a second, at the same time. */
async function legitimate(gatewayUrl, token, durationSec) {
  const login = { url: `${gatewayUrl}/users/user/login`, method: 'POST', headers: { 'content-type': 'application/json', origin: ORIGIN }, body: JSON.stringify(DEMO_LOGIN), rps: 2, durationSec };
  const me = { url: `${gatewayUrl}/users/user/me`, method: 'GET', headers: { authorization: `Bearer ${token}`, origin: ORIGIN }, rps: 50, durationSec };
  const [l, m] = await Promise.all([openLoop(login), openLoop(me)]);
  return { login: l, me: m };
}

export async function runUnderAttack(ctx) {
  const { P, log, workDir } = ctx;
  const seconds = ctx.quick ? 3 : 15;
  log(`\n== under attack: legitimate logins (2/s) and /me (50/s), ${seconds} s unloaded, then ${seconds} s with 70 slow bodies + 100 deep-JSON/s`);
  const row = (id, name, unit, target) => ({ suite: 'attack', id, name, unit, target, ratio: null, ratioOf: null });
  const rows = {
    login: row('attack-login-p99', 'login p99 under attack ÷ unloaded', '×', '≤ 2 ×'),
    me: row('attack-me-p99', '/users/user/me p99 under attack ÷ unloaded', '×', '≤ 2 ×'),
    failed: row('attack-legit-failed', 'legitimate requests that failed under attack', 'req', '0'),
  };
  const servers = [];
  try {
    if (ctx.gatewayError) throw new Error(ctx.gatewayError);
    if (ctx.userServiceError) throw new Error(ctx.userServiceError);
    const users = await startServer({
      name: 'user-service-attack',
      args: [APP_MAIN['user-service']],
      env: { PORT: '0', HOST: '127.0.0.1', DATA_DIR: join(workDir, 'attack-data'), NODE_ENV: 'development', LOG_LEVEL: 'warn', THROTTLE_IP_LIMIT: '100000000', THROTTLE_ACCOUNT_LIMIT: '100000000' },
      workDir,
      cwd: workDir,
      timeoutMs: 60_000,
    });
    servers.push(users);
    const configPath = join(workDir, 'gateway.attack.json');
    writeFileSync(configPath, JSON.stringify({
      cors: { defaultPolicy: null, policies: { Web: { origins: [ORIGIN], headers: ['*'], methods: ['*'], credentials: true } } },
      routes: [
        { upstream: '/users/user/login', downstream: '/user/login', service: 'user-service', methods: ['POST'], cors: 'Web' },
        { upstream: '/users/user/me', downstream: '/user/me', service: 'user-service', methods: ['GET'], cors: 'Web', auth: true },
      ],
      discovery: { provider: 'static', services: { 'user-service': [users.url] } },
    }));
    const gateway = await startGateway({ name: 'gateway-attack', configPath, workDir });
    servers.push(gateway);
    const first = await probe(`${gateway.url}/users/user/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(DEMO_LOGIN) });
    if (first.status !== 200) throw new Error(`demo login through the gateway answered ${first.status}: ${first.body.slice(0, 200)}`);
    const token = JSON.parse(first.body).Data.AccessToken;
    await legitimate(gateway.url, token, ctx.quick ? 1 : 3); // warm-up

    const calm = await legitimate(gateway.url, token, seconds);
    const [loaded, attackers] = await Promise.all([
      legitimate(gateway.url, token, seconds),
      attack({ gatewayUrl: gateway.url, slowConnections: 70, deepJsonPerSec: 100, durationSec: seconds + 1 }),
    ]);
    const after = await probe(`${gateway.url}/users/user/me`, { headers: { authorization: `Bearer ${token}` } });
    const failed = (r) => r.errors + Object.entries(r.statuses).filter(([s]) => Number(s) >= 300).reduce((n, [, c]) => n + c, 0);
    const lost = failed(loaded.login) + failed(loaded.me) + (after.status === 200 ? 0 : 1);
    log(`  unloaded: login p99 ${calm.login.p99Ms?.toFixed(1)} ms (${calm.login.ok} ok), /me p99 ${calm.me.p99Ms?.toFixed(2)} ms (${calm.me.ok} ok)`);
    log(`  attacked: login p99 ${loaded.login.p99Ms?.toFixed(1)} ms (${JSON.stringify(loaded.login.statuses)}), /me p99 ${loaded.me.p99Ms?.toFixed(2)} ms (${JSON.stringify(loaded.me.statuses)}); attackers saw ${JSON.stringify(attackers)}`);
    const ratio = (a, b) => (a && b ? a / b : null);
    const detail = (k) => ({ unloadedP99Ms: calm[k].p99Ms, attackedP99Ms: loaded[k].p99Ms, unloaded: calm[k], attacked: loaded[k], attackers });
    for (const k of ['login', 'me']) {
      const r = ratio(loaded[k].p99Ms, calm[k].p99Ms);
      Object.assign(rows[k], { median: r, min: null, max: null, samples: r === null ? [] : [r], detail: detail(k), met: r === null ? null : r <= 2, error: r === null ? 'no successful request to measure' : null });
    }
    Object.assign(rows.failed, { median: lost, min: null, max: null, samples: [lost], detail: { login: loaded.login.statuses, me: loaded.me.statuses, afterStatus: after.status }, met: lost === 0, error: null });
  } catch (err) {
    for (const r of Object.values(rows)) if (r.median === undefined) Object.assign(r, { median: null, min: null, max: null, samples: [], met: null, error: err.message.split('\n')[0] });
    log(`  under attack: not measured: ${err.message}`);
  } finally {
    for (const s of servers.reverse()) await stopServer(s);
  }
  return Object.values(rows);
}
