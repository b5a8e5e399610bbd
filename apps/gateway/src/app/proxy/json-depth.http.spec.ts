import { send } from '@corsway/testing';
import { startGateway, testConfig, type RunningGateway } from '../../testing/gateway-under-test.testing';
import { UpstreamServer } from '../../testing/upstream-server.testing';

const ORIGIN = 'http://localhost:7152';
const nested = (levels: number) => '{"a":' + '['.repeat(levels) + '1' + ']'.repeat(levels) + '}';

// A JSON body nested past proxy.maxJsonDepth is refused at the gateway: the
// service never spends a request's CPU on it (a flood of 5,000-level bodies
// slowed every user's requests when each reached the service).
describe('JSON nesting depth at the gateway, over real HTTP', () => {
  const svc = new UpstreamServer('svc');
  let gw: RunningGateway;

  beforeAll(async () => {
    await svc.start();
    gw = await startGateway({
      config: testConfig({ svc: [svc.url] }, [{ upstream: '/svc/{everything}', downstream: '/{everything}', service: 'svc', cors: 'Web' }], {
        cors: { defaultPolicy: null, policies: { Web: { origins: [ORIGIN], headers: ['*'], methods: ['*'] } } },
        proxy: { healthCheck: false, bufferBodyBytes: 64 * 1024 },
      }),
    });
  });
  afterAll(async () => {
    await gw?.close();
    await svc.stop();
  });

  const post = (body: string, contentType: string) =>
    send(`${gw.url}/svc/login`, { method: 'POST', body, headers: { 'content-type': contentType, origin: ORIGIN } });

  it.each<[string, number, string, string]>([
    ['5,000 levels of JSON', 400, nested(5000), 'application/json'],
    ['33 levels (one past the limit)', 400, nested(32), 'application/json; charset=utf-8'],
    ['a +json media type, too deep', 400, nested(100), 'application/vnd.api+json'],
    ['32 levels (the limit)', 200, nested(31), 'application/json'],
    ['a flat login', 200, '{"EmailOrUserName":"demo","Password":"x","ClientId":"web"}', 'application/json'],
    ['brackets in a string', 200, '{"a":"' + '['.repeat(5000) + '"}', 'application/json'],
    ['deep text that is not JSON', 200, nested(5000), 'text/plain'],
  ])('%s -> %i', async (_name, status, body, contentType) => {
    const before = svc.seen.length;
    const res = await post(body, contentType);
    expect(res.status).toBe(status);
    expect(res.headers['access-control-allow-origin']).toBe(ORIGIN);
    if (status === 400) {
      expect(res.json()).toEqual({ Success: false, Data: null, Message: expect.stringMatching(/more than 32 levels deep/), Errors: null });
      expect(svc.seen.length).toBe(before); // nothing reached the service
    } else {
      expect(svc.seen.length).toBe(before + 1);
    }
  });

  it('a body larger than proxy.bufferBodyBytes is streamed unread: the service checks it', async () => {
    const big = '{"pad":"' + 'x'.repeat(70 * 1024) + '","a":' + '['.repeat(100) + ']'.repeat(100) + '}';
    const before = svc.seen.length;
    expect((await post(big, 'application/json')).status).toBe(200);
    expect(svc.seen.length).toBe(before + 1);
  });

  it('proxy.maxJsonDepth sets the limit; a bad value stops start-up naming it', async () => {
    const config = (maxJsonDepth: unknown) =>
      testConfig({ svc: [svc.url] }, [{ upstream: '/svc/{everything}', downstream: '/{everything}', service: 'svc' }], { proxy: { healthCheck: false, maxJsonDepth } });
    const strict = await startGateway({ config: config(2) });
    try {
      const post2 = (body: string) => send(`${strict.url}/svc/x`, { method: 'POST', body, headers: { 'content-type': 'application/json' } });
      expect((await post2('{"a":{"b":1}}')).status).toBe(200);
      const refused = await post2('{"a":{"b":{}}}');
      expect(refused.status).toBe(400);
      expect(refused.json().Message).toMatch(/more than 2 levels deep/);
    } finally {
      await strict.close();
    }
    await expect(startGateway({ config: config(0) })).rejects.toThrow(/proxy\.maxJsonDepth/);
  });
});
