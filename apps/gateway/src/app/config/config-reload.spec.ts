import { mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { Writable } from 'node:stream';
import pino from 'pino';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startGateway, type RunningGateway } from '../../testing/gateway-under-test.testing';
import { eventually, send } from '@corsway/testing';
import { UpstreamServer } from '../../testing/upstream-server.testing';
import { GatewayConfigStore } from './gateway-config.store';

function configFor(target: string) {
  return {
    cors: { defaultPolicy: null, policies: {} },
    routes: [{ upstream: '/svc/{everything}', downstream: '/{everything}', service: 'svc' }],
    discovery: { services: { svc: [target] } },
  };
}


describe('config reload (SIGHUP and file change)', () => {
  const a = new UpstreamServer('a');
  const b = new UpstreamServer('b');
  let dir: string;
  let file: string;
  let gw: RunningGateway;

  // Replace atomically, as deploy tools do, so the watcher never reads half a file.
  const writeConfig = (content: unknown) => {
    const tmp = `${file}.tmp`;
    writeFileSync(tmp, typeof content === 'string' ? content : JSON.stringify(content));
    renameSync(tmp, file);
  };
  const servedBy = async () => String((await send(`${gw.url}/svc/x`)).headers['x-upstream']);

  beforeAll(() => Promise.all([a.start(), b.start()]));
  afterAll(() => Promise.all([a.stop(), b.stop()]));
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'gateway-reload-'));
    file = join(dir, 'gateway.config.json');
    writeConfig(configFor(a.url));
  });
  afterEach(async () => {
    await gw?.close();
    a.handler = null;
    rmSync(dir, { recursive: true, force: true });
  });

  it('SIGHUP swaps the config while an in-flight request completes on the old one', async () => {
    gw = await startGateway({ configPath: file, watchConfig: true });
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    a.handler = (_req, res) => {
      void held.then(() => {
        res.writeHead(200, { 'x-upstream': 'a' });
        res.end('slow answer from a');
      });
    };
    const inFlight = send(`${gw.url}/svc/slow`);
    await eventually(async () => a.seen.some((r) => r.url === '/slow'), 'the request to reach a');

    writeConfig(configFor(b.url));
    // What the OS does on `kill -HUP`: call the process's SIGHUP listeners. (A real
    // signal would reach the Jest runner, not the sandbox; and under the Nx executor
    // `process.emit` does not reach listeners registered in the sandbox.)
    for (const listener of process.listeners('SIGHUP')) (listener as (signal: string) => void)('SIGHUP');
    await eventually(async () => (await servedBy()) === 'b', 'the new config');

    release();
    const res = await inFlight;
    expect(res.status).toBe(200);
    expect(res.text).toBe('slow answer from a');
  });

  it('reloads when the file changes, without a signal', async () => {
    gw = await startGateway({ configPath: file, watchConfig: true });
    expect(await servedBy()).toBe('a');
    writeConfig(configFor(b.url));
    await eventually(async () => (await servedBy()) === 'b', 'the file watch');
  });

  it('applies a changed cors section: new policies and a new default, for config routes', async () => {
    const WEB = 'http://localhost:7152';
    gw = await startGateway({ configPath: file, watchConfig: false });
    const acao = async (path: string) => (await send(`${gw.url}${path}`, { headers: { origin: WEB } })).headers['access-control-allow-origin'];
    expect(await acao('/svc/x')).toBeUndefined(); // defaultPolicy null: no CORS
    writeConfig({
      ...configFor(a.url),
      cors: { defaultPolicy: 'Web', policies: { Web: { origins: [WEB] }, Any: { origins: ['*'] } } },
      routes: [
        { upstream: '/svc/open/{everything}', downstream: '/{everything}', service: 'svc', cors: 'Any' },
        { upstream: '/svc/{everything}', downstream: '/{everything}', service: 'svc' },
      ],
    });
    expect(await gw.app.get(GatewayConfigStore).reload('test')).toBe(true);
    expect(await acao('/svc/x')).toBe(WEB);
    expect(await acao('/svc/open/x')).toBe('*');
  });

  it('a changed metrics section is applied at the next start, and the reload says so', async () => {
    const lines: string[] = [];
    const sink = new Writable({ write: (chunk, _enc, done) => (lines.push(String(chunk)), done()) });
    gw = await startGateway({ configPath: file, watchConfig: false, logger: pino({ level: 'info' }, sink) });
    writeConfig({ ...configFor(b.url), metrics: { maxOriginLabels: 5 } });
    expect(await gw.app.get(GatewayConfigStore).reload('test')).toBe(true);
    expect(await servedBy()).toBe('b'); // the rest of the file is applied
    const warning = lines.map((l) => JSON.parse(l)).find((l) => l.field === 'metrics');
    expect(warning).toMatchObject({ level: 40, msg: expect.stringContaining('takes effect when the gateway restarts') });
  });

  it.each([
    ['not JSON', '{ "routes": ['],
    ['a bad field', { ...configFor('http://127.0.0.1:1'), routes: [{ upstream: 'svc', downstream: '/', service: 'svc' }] }],
    ['an insecure policy', { ...configFor('http://127.0.0.1:1'), cors: { defaultPolicy: 'Any', policies: { Any: { origins: ['*'], credentials: true } } } }],
    ['an unknown policy', { ...configFor('http://127.0.0.1:1'), routes: [{ upstream: '/svc/{everything}', downstream: '/', service: 'svc', cors: 'Nope' }] }],
  ])('keeps the old config when the new file has %s', async (_case, content) => {
    gw = await startGateway({ configPath: file, watchConfig: false });
    writeConfig(content);
    expect(await gw.app.get(GatewayConfigStore).reload('test')).toBe(false);
    expect(await servedBy()).toBe('a');
  });
});
