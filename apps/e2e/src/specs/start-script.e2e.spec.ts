import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { workspaceRoot, reserveFreePort } from '@corsway/testing';

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function call(url: string, init: { method?: string; headers?: Record<string, string>; body?: string; ca?: Buffer }): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const send = url.startsWith('https:') ? request : httpRequest;
    const req = send(url, { method: init.method ?? 'GET', headers: init.headers, ca: init.ca }, (res: IncomingMessage) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c)).on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end(init.body);
  });
}

/** `npm start` itself (scripts/start.mjs, --no-build: the suite already built dist/), on free ports, in a temp DATA_DIR. */
async function start(args: string[], extraEnv: Record<string, string> = {}) {
  const dataDir = mkdtempSync(join(tmpdir(), 'corsway-start-'));
  const [web, gateway, users] = [await reserveFreePort(), await reserveFreePort(), await reserveFreePort()];
  const child = spawn(process.execPath, [join(workspaceRoot, 'scripts', 'start.mjs'), '--no-build', ...args], {
    cwd: workspaceRoot,
    env: { ...process.env, NODE_ENV: 'test', LOG_LEVEL: 'warn', DATA_DIR: dataDir, WEB_PORT: String(web), GATEWAY_PORT: String(gateway), USER_SERVICE_PORT: String(users), ...extraEnv },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (c: Buffer) => (output += c.toString('utf8')));
  child.stderr?.on('data', (c: Buffer) => (output += c.toString('utf8')));
  const ready = new Promise<void>((resolve, reject) => {
    const started = Date.now();
    const timer = setInterval(() => {
      if (output.includes('Open the web app:')) {
        clearInterval(timer);
        resolve();
      } else if (child.exitCode !== null || Date.now() - started > 60_000) {
        clearInterval(timer);
        reject(new Error(`npm start did not come up. Output:\n${output}`));
      }
    }, 100);
  });
  await ready;
  return { child, dataDir, ports: { web, gateway, users }, output: () => output };
}

function stop(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve(child.exitCode);
    child.once('exit', (code) => resolve(code));
    child.kill('SIGTERM');
  });
}

describe('npm start switches (scripts/start.mjs)', () => {
  let running: Awaited<ReturnType<typeof start>> | undefined;
  afterEach(async () => {
    if (running) {
      await stop(running.child);
      rmSync(running.dataDir, { recursive: true, force: true });
      running = undefined;
    }
  });

  it('--https: creates the development CA once, prints how to trust it, runs all three on https:// and the login crosses them, even with NODE_EXTRA_CA_CERTS already set', async () => {
    // Debian's own bundle, as on this machine's environment: the apps must trust it AND the development CA.
    running = await start(['--https'], { NODE_EXTRA_CA_CERTS: '/etc/ssl/certs/ca-certificates.crt' });
    const { ports, dataDir } = running;
    const out = running.output();
    expect(out).toContain(`Created a local development CA: ${join(dataDir, 'certs', 'ca.pem')}`);
    expect(out).toContain('update-ca-certificates');
    for (const port of [ports.users, ports.gateway, ports.web]) expect(out).toContain(`Listening on https://localhost:${port}`);
    expect(out).toContain(`Open the web app: https://localhost:${ports.web}/`);
    expect(existsSync(join(dataDir, 'certs', 'extra-ca-bundle.pem'))).toBe(true);

    const ca = readFileSync(join(dataDir, 'certs', 'ca.pem'));
    const origin = `https://localhost:${ports.web}`;
    const preflight = await call(`https://localhost:${ports.gateway}/users/user/login`, {
      method: 'OPTIONS',
      headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
      ca,
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers['access-control-allow-origin']).toBe(origin); // the policies followed the scheme
    const login = await call(`https://localhost:${ports.gateway}/users/user/login`, {
      method: 'POST',
      headers: { origin, 'content-type': 'application/json' },
      body: JSON.stringify({ EmailOrUserName: 'demo', Password: 'Demo@12345', ClientId: 'web' }),
      ca,
    });
    expect(JSON.parse(login.body)).toMatchObject({ Success: true }); // gateway -> user-service over TLS, CA trusted
    const page = await call(`${origin}/Account/Login`, { ca });
    expect(page.headers['strict-transport-security']).toBe('max-age=3600');

    expect(await stop(running.child)).toBe(0);
    expect(running.output()).not.toMatch(/exited \(1\)/);
  }, 120_000);

  it('--cors=off: the gateway answers the login preflight without any Access-Control-* header, and says so at start', async () => {
    running = await start(['--cors=off']);
    const { ports } = running;
    expect(running.output()).toContain('CORS is OFF at the gateway');
    const preflight = await call(`http://localhost:${ports.gateway}/users/user/login`, {
      method: 'OPTIONS',
      headers: { origin: `http://localhost:${ports.web}`, 'access-control-request-method': 'POST' },
    });
    expect(Object.keys(preflight.headers).filter((h) => h.startsWith('access-control-'))).toEqual([]);
  }, 120_000);

  it.each([
    [['--cors=maybe'], {}, /Unknown option "--cors=maybe"/],
    [['--cors=off'], { GATEWAY_CONFIG: '/x.json' }, /--cors=off chooses the gateway config itself/],
    [[], { GATEWAY_PORT: 'abc' }, /Invalid configuration GATEWAY_PORT: "abc" is not a port number/],
  ])('refuses %j with %j before starting anything', async (args, env, message) => {
    const child = spawn(process.execPath, [join(workspaceRoot, 'scripts', 'start.mjs'), '--no-build', ...args], { cwd: workspaceRoot, env: { ...process.env, ...env } });
    let err = '';
    child.stderr.on('data', (c: Buffer) => (err += c.toString('utf8')));
    const code = await new Promise((resolve) => child.once('exit', resolve));
    expect(code).toBe(2);
    expect(err).toMatch(message);
  });
});
