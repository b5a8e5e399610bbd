import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from './run-cli';

async function run(...argv: string[]) {
  let out = '';
  let err = '';
  const code = await runCli(argv, { out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err };
}

const dir = mkdtempSync(join(tmpdir(), 'corsway-cli-'));
const gatewayConfig = join(dir, 'gateway.json');
writeFileSync(gatewayConfig, JSON.stringify({ cors: {
  defaultPolicy: 'AllowAll',
  policies: { AllowAll: { origins: ['*'], headers: ['*'], methods: ['*'] }, StrictMvc: { origins: ['http://localhost:7152'], headers: ['Content-Type'], methods: ['GET', 'POST'] } },
}, routes: [] }));
const section = join(dir, 'cors.json');
writeFileSync(section, JSON.stringify({ policies: { Only: { origins: ['http://localhost:7152'] } } }));
const broken = join(dir, 'broken.json');
writeFileSync(broken, '{');
const invalid = join(dir, 'invalid.json');
writeFileSync(invalid, JSON.stringify({ policies: { Bad: { origins: ['http://a.test/'] } } }));
const base = ['explain', '--url', 'http://127.0.0.1:1/users/user/login', '--origin', 'http://localhost:7152'];

describe('corsway-cors CLI', () => {
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  it.each([
    [[], 2, 'Usage: corsway-cors explain'],
    [['--help'], 0, 'Usage: corsway-cors explain'],
    [['explain', '--help'], 0, '--dry-run'],
    [[...base, '--dry-run', '--config', gatewayConfig, '--policy', 'StrictMvc', '--method', 'POST', '--headers', 'Content-Type: application/json'], 0,
      'ok   preflight OPTIONS http://127.0.0.1:1/users/user/login → 204 (from the policy)'],
    [[...base, '--dry-run', '--config', gatewayConfig, '--policy', 'StrictMvc', '--method', 'PUT'], 1,
      'Chromium: MethodDisallowedByPreflightResponse: Method PUT is not allowed by Access-Control-Allow-Methods in preflight response.'],
    [[...base, '--dry-run', '--config', gatewayConfig, '--method', 'PUT'], 0, 'allowed: the preflight passed'],
    [[...base, '--dry-run', '--config', section, '--policy', 'Only', '--credentials', '--json'], 1, '"corsError": "InvalidAllowCredentials"'],
    [[...base, '--method', 'PUT'], 1, 'blocked: no preflight response'],
    [[...base, '--method', 'PUT', '--send'], 1, 'no preflight response'],
  ])('%j → exit %i', async (argv, code, text) => {
    const r = await run(...argv);
    expect(r.out + r.err).toContain(text);
    expect(r.code).toBe(code);
  });

  it.each([
    [['nope'], 'unknown command "nope"'],
    [['explain', '--url'], 'error: --url needs a value'],
    [[...base, '--dry-run', '--config', section], 'has no defaultPolicy; name one with --policy (defined: Only)'],
    [[...base, '--dry-run', '--config', section, '--policy', 'Other'], '--policy Other is not defined'],
    [[...base, '--dry-run', '--config', broken], `--config ${broken}:`],
    [[...base, '--dry-run', '--config', join(dir, 'missing.json')], 'ENOENT'],
    [[...base, '--dry-run', '--config', invalid], 'cors.policies.Bad.origins[0]'],
  ])('%j → usage error', async (argv, text) => {
    const r = await run(...argv);
    expect(r.code).toBe(2);
    expect(r.err).toContain(text);
    expect(r.err).toContain('Usage: corsway-cors explain');
  });

  it('a state-changing request is not sent without --send (exit 3)', async () => {
    const server = (await import('node:http')).createServer((req, res) => {
      res.writeHead(204, { 'access-control-allow-origin': 'http://localhost:7152', 'access-control-allow-methods': 'PUT' }).end();
      if (req.method !== 'OPTIONS') throw new Error(`${req.method} must not be sent`);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    const r = await run('explain', '--url', `http://127.0.0.1:${port}/x`, '--origin', 'http://localhost:7152', '--method', 'PUT');
    server.close();
    expect(r.code).toBe(3);
    expect(r.out).toContain('skip actual    PUT');
    expect(r.out).toContain('the PUT request was not sent');
  });

  // The bin as the Nx target runs it (node + @swc-node/register), from the workspace root.
  it('runs as a process and exits with the verdict', () => {
    const r = spawnSync(process.execPath, ['-r', '@swc-node/register', 'libs/cors/src/cli/corsway-cors.ts', 'explain', '--url'], {
      cwd: join(__dirname, '../../../..'), encoding: 'utf8', env: { ...process.env, SWC_NODE_PROJECT: 'libs/cors/tsconfig.lib.json' },
    });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('Usage: corsway-cors explain');
  });
});
