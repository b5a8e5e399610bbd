import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { parseExplainArgs, UsageError } from './explain-args';

describe('parseExplainArgs', () => {
  it('parses both --flag value and --flag=value', () => {
    expect(parseExplainArgs(['--url', 'http://localhost:7204/users/user/me', '--origin=HTTP://LOCALHOST:7152', '--method', 'put',
      '--headers', 'Content-Type: application/json, X-Api-Key', '--credentials', '--private-network=true', '--json', '--data', '{"a":1}'])).toEqual({
      request: {
        url: 'http://localhost:7204/users/user/me', origin: 'http://localhost:7152', method: 'put',
        headers: { 'Content-Type': 'application/json', 'X-Api-Key': 'x' }, credentials: true, privateNetwork: true, body: '{"a":1}',
      },
      json: true,
    });
    expect(parseExplainArgs(['--url=http://a.test/', '--origin', 'http://b.test', '--json=false'])).toMatchObject({ json: false, request: { method: 'GET', headers: {} } });
    expect(parseExplainArgs(['--help'])).toBe('help');
  });

  it.each([
    [[], '--url is required'],
    [['--url', 'http://a.test'], '--origin is required'],
    [['--url'], '--url needs a value'],
    [['--url', '--origin', 'x'], '--url needs a value'],
    [['url'], 'unexpected argument "url"'],
    [['--nope'], 'unknown option --nope'],
    [['--json=1'], '--json takes no value'],
    [['--url', 'not a url', '--origin', 'http://b.test'], 'is not an absolute URL'],
    [['--url', 'ftp://a.test', '--origin', 'http://b.test'], 'must be http or https'],
    [['--url', 'http://a.test', '--origin', 'b.test'], 'is not an origin'],
    [['--url', 'http://a.test', '--origin', 'http://b.test', '--method', 'G T'], 'is not an HTTP method'],
    [['--url', 'http://a.test', '--origin', 'http://b.test', '--headers', 'Bad Name: 1'], '"Bad Name" is not a header name'],
  ])('%j → %s', (argv, message) => {
    expect(() => parseExplainArgs(argv)).toThrow(UsageError);
    expect(() => parseExplainArgs(argv)).toThrow(message);
  });
});

// The CLI entry runs as the Nx target does (node + @swc-node/register), from the workspace root.
describe('explain CLI', () => {
  const root = join(__dirname, '../../../..');
  const run = (...args: string[]) =>
    spawnSync(process.execPath, ['-r', '@swc-node/register', 'libs/cors/src/cli/explain.ts', ...args], {
      cwd: root, encoding: 'utf8', env: { ...process.env, SWC_NODE_PROJECT: 'libs/cors/tsconfig.lib.json' },
    });

  it('exits 2 with the usage on bad arguments', () => {
    const r = run('--url');
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('error: --url needs a value');
    expect(r.stderr).toContain('Usage: npx nx run cors:explain');
  });

  it('exits 1 and explains when blocked', () => {
    const r = run('--url', 'http://127.0.0.1:1/', '--origin', 'http://localhost:7152', '--method', 'PUT');
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('blocked: no preflight response');
  });
});
