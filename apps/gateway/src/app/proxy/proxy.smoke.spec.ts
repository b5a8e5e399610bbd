import { startGateway, testConfig, type RunningGateway } from '../../testing/gateway-under-test.testing';
import { UpstreamServer } from '../../testing/upstream-server.testing';

describe('smoke', () => {
  const upstream = new UpstreamServer('a');
  let gw: RunningGateway;
  beforeAll(async () => {
    await upstream.start();
    gw = await startGateway({
      config: testConfig({ 'user-service': [upstream.url] }, [{ upstream: '/users/{everything}', downstream: '/{everything}', service: 'user-service', methods: ['GET', 'POST'] }]),
    });
  });
  afterAll(async () => {
    await gw?.close();
    await upstream.stop();
  });
  it('proxies', async () => {
    const res = await fetch(`${gw.url}/users/user/login?x=1`, { method: 'POST', body: JSON.stringify({ a: 1 }), headers: { 'content-type': 'application/json' } });
    const body = (await res.json()) as any;
    expect(res.status).toBe(200);
    expect(body.url).toBe('/user/login?x=1');
    expect(body.bodyBytes).toBe(7);
    const h = await fetch(`${gw.url}/health`);
    expect(await h.json()).toMatchObject({ Success: true });
    const nf = await fetch(`${gw.url}/nope`);
    expect(nf.status).toBe(404);
  });
});
