import pino from 'pino';
import { Writable } from 'node:stream';
import { startGateway, type RunningGateway } from '../../testing/gateway-under-test.testing';
import { send } from '@corsway/testing';
import { closedPortUrl, UpstreamServer } from '../../testing/upstream-server.testing';

describe('structured logs of the proxy', () => {
  const upstream = new UpstreamServer('svc');
  const lines: Record<string, unknown>[] = [];
  let gw: RunningGateway;
  let dead: string;

  beforeAll(async () => {
    await upstream.start();
    dead = await closedPortUrl();
    const sink = new Writable({
      write(chunk, _enc, done) {
        for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line));
        done();
      },
    });
    gw = await startGateway({
      logger: pino({ level: 'info' }, sink),
      config: {
        routes: [
          { upstream: '/svc/{everything}', downstream: '/{everything}', service: 'svc' },
          { upstream: '/dead/{everything}', downstream: '/{everything}', service: 'dead' },
        ],
        discovery: { services: { svc: [upstream.url], dead: [dead] } },
      },
    });
  });
  afterAll(async () => {
    await gw?.close();
    await upstream.stop();
  });

  async function lineFor(reqId: string, msg: string) {
    for (let i = 0; i < 100; i++) {
      const line = lines.find((l) => l['reqId'] === reqId && l['msg'] === msg);
      if (line) return line;
      await new Promise((r) => setTimeout(r, 10));
    }
    throw new Error(`no "${msg}" line for ${reqId}`);
  }

  it('logs request id, route, upstream instance, status and duration per proxied request', async () => {
    const res = await send(`${gw.url}/svc/hello?x=1`, { headers: { 'x-request-id': 'log-test-1' } });
    expect(res.status).toBe(200);
    expect(await lineFor('log-test-1', 'proxied')).toMatchObject({
      level: 30,
      reqId: 'log-test-1',
      method: 'GET',
      url: '/svc/hello?x=1',
      route: 'routes[0]',
      instance: upstream.url,
      status: 200,
      durationMs: expect.any(Number),
    });
  });

  it('logs a failed upstream with its cause, and the answer it gave', async () => {
    const res = await send(`${gw.url}/dead/x`, { method: 'POST', headers: { 'x-request-id': 'log-test-2' }, body: 'x' });
    expect(res.status).toBe(503);
    expect(await lineFor('log-test-2', res.json().Message)).toMatchObject({ level: 40, route: 'routes[1]', instance: dead, err: { code: 'ECONNREFUSED' } });
    expect(await lineFor('log-test-2', 'proxied')).toMatchObject({ status: 503, route: 'routes[1]', instance: dead });
  });
});
