import { CorsService } from '@corsway/cors';
import { eventually, scrapeMetrics, send, type TestResponse } from '@corsway/testing';
import { mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startGateway, testConfig, type RunningGateway } from '../../testing/gateway-under-test.testing';
import { UpstreamServer } from '../../testing/upstream-server.testing';

const WEB = 'http://localhost:7152';
const OTHER = 'https://other.example';

function configWith(target: string, webOrigins: string[]) {
  // The route takes DELETE, the policy does not: a DELETE preflight reaches the policy and is refused by it.
  return testConfig({ svc: [target] }, [{ upstream: '/svc/{everything}', downstream: '/{everything}', service: 'svc', methods: ['GET', 'POST', 'DELETE'], cors: 'Web' }], {
    cors: { defaultPolicy: null, policies: { Web: { origins: webOrigins, methods: ['GET', 'POST'], headers: ['Content-Type'] } } },
    proxy: { healthCheck: false },
  });
}

/** Everything of an answer that a replay must reproduce: all but the date and the request id. */
function answerOf(res: TestResponse) {
  const { date: _date, 'x-request-id': _id, ...headers } = res.headers;
  return { status: res.status, headers };
}

/**
 * cors/preflight-replay.ts: a granted preflight is answered again from the
 * memo. These check, over real HTTP, that a replayed answer is the one the
 * route match and CORS stages give, and that nothing which changes the
 * answer (another origin, method, header list, a Private Network Access
 * request, a config reload) is ever answered from it.
 */
describe('preflight replay', () => {
  const svc = new UpstreamServer('svc');
  let dir: string;
  let file: string;
  let gw: RunningGateway;

  const writeConfig = (content: unknown) => {
    writeFileSync(`${file}.tmp`, JSON.stringify(content));
    renameSync(`${file}.tmp`, file);
  };
  const preflight = (path: string, headers: Record<string, string>) => send(`${gw.url}${path}`, { method: 'OPTIONS', headers });
  const granted = { origin: WEB, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' };
  const refusals = async () => {
    const m = await scrapeMetrics(gw.url);
    return m.value('gateway_cors_preflights_total', { policy: 'Web', result: 'refused' });
  };

  beforeAll(async () => {
    await svc.start();
    dir = mkdtempSync(join(tmpdir(), 'gateway-replay-'));
    file = join(dir, 'gateway.config.json');
    writeConfig(configWith(svc.url, [WEB]));
    gw = await startGateway({ configPath: file, watchConfig: true });
  });
  afterAll(async () => {
    await gw?.close();
    await svc.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers a repeated preflight exactly as the first, without deciding it again, with its own request id, and counts each one', async () => {
    const before = await scrapeMetrics(gw.url);
    const evaluate = jest.spyOn(gw.app.get(CorsService), 'evaluate');
    const answers = [];
    for (let i = 0; i < 4; i++) answers.push(await preflight('/svc/items', granted));
    // Only the first reached the CORS stage; the other three were replayed.
    expect(evaluate).toHaveBeenCalledTimes(1);
    evaluate.mockRestore();
    const after = await scrapeMetrics(gw.url);
    expect(answers[0].status).toBe(204);
    expect(answers[0].headers['access-control-allow-origin']).toBe(WEB);
    for (const res of answers.slice(1)) expect(answerOf(res)).toEqual(answerOf(answers[0]));
    expect(new Set(answers.map((r) => r.headers['x-request-id'])).size).toBe(4);
    const moved = (name: string, labels: Record<string, string>) => after.value(name, labels) - before.value(name, labels);
    expect(moved('gateway_cors_preflights_total', { policy: 'Web', result: 'allowed' })).toBe(4);
    expect(moved('gateway_requests_total', { route: '/svc/{everything}', method: 'OPTIONS', status_class: '2xx' })).toBe(4);
    expect(moved('gateway_request_duration_seconds_count', { route: '/svc/{everything}' })).toBe(4);
    expect(svc.seen.filter((r) => r.method === 'OPTIONS')).toEqual([]);
  });

  // After the granted preflight above was remembered, each of these differs in
  // one thing the answer depends on: it must be decided again, and refused.
  it.each([
    ['another origin', { ...granted, origin: OTHER }],
    ['a method the policy does not list', { ...granted, 'access-control-request-method': 'DELETE' }],
    ['a header the policy does not list', { ...granted, 'access-control-request-headers': 'content-type, x-secret' }],
    ['a Private Network Access request', { ...granted, 'access-control-request-private-network': 'true' }],
  ] as [string, Record<string, string>][])('decides %s afresh, never from the memo', async (_name, headers) => {
    await preflight('/svc/items', granted);
    await preflight('/svc/items', granted);
    const before = await refusals();
    const res = await preflight('/svc/items', headers);
    expect(await refusals()).toBe(before + 1);
    if (headers.origin === OTHER) expect(res.headers['access-control-allow-origin']).toBeUndefined();
    if (headers['access-control-request-private-network']) expect(res.headers['access-control-allow-private-network']).toBeUndefined();
  });

  it('remembers a path by its spelling as sent, and answers each spelling as the stages do', async () => {
    const plain = await preflight('/svc/items', granted);
    for (let i = 0; i < 2; i++) expect(answerOf(await preflight('/svc/%69tems', granted))).toEqual(answerOf(plain));
    // A refused spelling has no route: never remembered, the same 400 each time.
    for (let i = 0; i < 2; i++) expect((await preflight('/svc//items', granted)).status).toBe(400);
  });

  it('forgets every answer when the config is reloaded', async () => {
    expect((await preflight('/svc/items', granted)).headers['access-control-allow-origin']).toBe(WEB);
    expect((await preflight('/svc/items', granted)).headers['access-control-allow-origin']).toBe(WEB);
    writeConfig(configWith(svc.url, [OTHER]));
    // What the OS does on `kill -HUP` (the store's reload path, as in config-reload.spec.ts).
    for (const listener of process.listeners('SIGHUP')) (listener as (signal: string) => void)('SIGHUP');
    await eventually(async () => (await preflight('/svc/items', granted)).headers['access-control-allow-origin'] === undefined, 'the reloaded policy to refuse the old origin');
    expect((await preflight('/svc/items', granted)).headers['access-control-allow-origin']).toBeUndefined();
    // And the new config's answers are remembered in turn.
    const other = { ...granted, origin: OTHER };
    const first = await preflight('/svc/items', other);
    expect(first.headers['access-control-allow-origin']).toBe(OTHER);
    expect(answerOf(await preflight('/svc/items', other))).toEqual(answerOf(first));
  });
});
