// Smoke test of the benchmark harness: `node bench/run.mjs --quick`
// runs every suite once, briefly, and must produce the complete table as JSON.
// It asserts completeness (every contender row, a number in every row), never
// speed: numbers on a shared CI machine are not a test oracle.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

interface Row {
  suite: string;
  id: string;
  unit: string;
  median: number | null;
  ratio: number | null;
  target: string | null;
  met: boolean | null;
  error: string | null;
}
interface Result {
  mode: string;
  rows: Row[];
  machine: { nproc: number; cpuModel: string; node: string };
  profiles: Record<string, { topSelf?: unknown[] }> | null;
  markdown: string;
}

const root = join(__dirname, '..', '..');
const hasCommand = (cmd: string) => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;

/** `node bench/run.mjs --quick --no-build <args>` once for the suite: its process and the JSON it wrote. */
function quickRun(args: string[]): { run: () => ReturnType<typeof spawnSync>; result: () => Result } {
  const dir = mkdtempSync(join(tmpdir(), 'bench-test-'));
  const out = join(dir, 'result.json');
  let run: ReturnType<typeof spawnSync>;
  let result: Result;
  beforeAll(() => {
    run = spawnSync(process.execPath, ['bench/run.mjs', '--quick', '--no-build', ...args, '--out', out], {
      cwd: root,
      encoding: 'utf8',
      timeout: 230_000,
    });
    if (existsSync(out)) result = JSON.parse(readFileSync(out, 'utf8'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return { run: () => run, result: () => result };
}

describe('npm run bench -- --quick', () => {
  const quick = quickRun([]);
  let run: ReturnType<typeof spawnSync>;
  let result: Result;
  beforeAll(() => {
    run = quick.run();
    result = quick.result();
  });

  it('exits 0 and writes the JSON table', () => {
    expect({ status: run.status, tail: String(run.stdout).slice(-3000) + String(run.stderr).slice(-2000) }).toMatchObject({ status: 0 });
    expect(result.mode).toBe('quick');
    expect(result.machine.nproc).toBeGreaterThan(0);
    expect(result.markdown).toContain('| Suite |');
  });

  const preflight = ['bare-node', 'nest-express', 'nest-fastify', 'fastify', 'gateway', ...(hasCommand('nginx') ? ['nginx'] : [])];
  it.each(preflight)('preflight row %s is measured in req/s with a ratio to bare Node', (id) => {
    const row = result.rows.find((r) => r.suite === 'preflight' && r.id === id);
    expect(row).toMatchObject({ unit: 'req/s', error: null });
    expect(row!.median).toEqual(expect.any(Number));
    expect(row!.median).toBeGreaterThan(0);
    expect(row!.ratio).toEqual(expect.any(Number));
  });

  it.each(['upstream-direct', 'undici-proxy', 'undici-proxy-headers', 'gateway-proxy'])('proxied row %s is measured in req/s', (id) => {
    const row = result.rows.find((r) => r.suite === 'proxied' && r.id === id);
    expect(row).toMatchObject({ unit: 'req/s', error: null });
    expect(row!.median).toBeGreaterThan(0);
    expect(row!.ratio).toEqual(expect.any(Number));
  });

  it.each([
    ['proxied', 'gateway-latency-added', 'ms'],
    ['proxied', 'metrics-cost', '×'],
    ['proxied', 'gateway-vs-same-headers', '×'],
    ['websocket', 'ws-echo-added', 'ms'],
    ['websocket', 'ws-idle-rss', 'MB'],
    ['cors-decision', 'preflight/ours', 'ops/s'],
    ['cors-decision', 'preflight/expressjs', 'ops/s'],
    ['cors-decision', 'preflight/fastify', 'ops/s'],
    ['cors-decision', 'actual/ours', 'ops/s'],
    ['cors-decision', 'actual/expressjs', 'ops/s'],
    ['cors-decision', 'actual/fastify', 'ops/s'],
    ['login', 'login-p50', 'ms'],
    ['login', 'login-eld-p99', 'ms'],
    ['login', 'login-flood-p50', 'ms'],
    ['login', 'login-flood-p99', 'ms'],
    ['memory', 'gateway-rss', 'MB'],
    ['memory', 'gateway-rss-growth', 'MB'],
    ['memory', 'gateway-heap-growth', 'MB'],
  ])('%s row %s is measured in %s', (suite, id, unit) => {
    const row = result.rows.find((r) => r.suite === suite && r.id === id);
    expect(row).toMatchObject({ unit, error: null });
    expect(row!.median).toEqual(expect.any(Number));
  });

  it('every row with a target says whether it was met', () => {
    for (const row of result.rows.filter((r) => r.target)) expect(typeof row.met).toBe('boolean');
  });

  it('profiles the gateway under the preflight and the proxied load', () => {
    expect(result.profiles?.['preflight']?.topSelf?.length).toBeGreaterThan(0);
    expect(result.profiles?.['proxied']?.topSelf?.length).toBeGreaterThan(0);
  });
});

describe('npm run bench -- --only instructions --quick', () => {
  const quick = quickRun(['--only', 'instructions']);
  let run: ReturnType<typeof spawnSync>;
  let result: Result;
  beforeAll(() => {
    run = quick.run();
    result = quick.result();
  });

  it.each(['preflight/bare-node', 'preflight/gateway', 'proxied/undici-proxy', 'proxied/undici-proxy-headers', 'proxied/gateway-proxy', 'proxied/gateway-metrics-off'])(
    'counts the instructions per request of %s under callgrind, with a ratio to its base',
    (id) => {
      expect({ status: run.status, tail: String(run.stdout).slice(-2000) }).toMatchObject({ status: 0 });
      const row = result.rows.find((r) => r.suite === 'instructions' && r.id === id);
      expect(row).toMatchObject({ unit: 'k instr/req', error: null });
      expect(row!.median).toBeGreaterThan(1);
      expect(row!.ratio).toBeGreaterThan(0);
    },
  );
});
