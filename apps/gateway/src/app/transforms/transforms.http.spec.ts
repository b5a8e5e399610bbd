import { startGateway, type RunningGateway } from '../../testing/gateway-under-test.testing';
import { send } from '@corsway/testing';
import { UpstreamServer } from '../../testing/upstream-server.testing';

const ORIGIN = 'http://localhost:7152';

describe('route transforms over real HTTP', () => {
  const upstream = new UpstreamServer('svc');
  let gw: RunningGateway;

  beforeAll(async () => {
    await upstream.start();
    gw = await startGateway({
      config: {
        cors: { defaultPolicy: 'Web', policies: { Web: { origins: [ORIGIN], credentials: true, exposedHeaders: ['X-Request-Id'] } } },
        routes: [
          {
            upstream: '/t/{everything}',
            downstream: '/{everything}',
            service: 'svc',
            transforms: {
              requestHeaders: { set: { 'X-Api-Version': '2', 'X-Client': 'gateway' }, remove: ['X-Debug'] },
              responseHeaders: { set: { 'Cache-Control': 'no-store' }, remove: ['Server', 'X-Internal'] },
            },
          },
          { upstream: '/plain/{everything}', downstream: '/{everything}', service: 'svc' },
        ],
        discovery: { services: { svc: [upstream.url] } },
      },
    });
  });
  afterEach(() => {
    upstream.handler = null;
  });
  afterAll(async () => {
    await gw?.close();
    await upstream.stop();
  });

  it('sets and removes request headers on the way to the service; a client value of a set header is replaced', async () => {
    const seen = (await send(`${gw.url}/t/echo`, { headers: { 'x-debug': 'secret', 'x-client': 'spoofed', 'x-kept': '1' } })).json().headers;
    expect(seen).toMatchObject({ 'x-api-version': '2', 'x-client': 'gateway', 'x-kept': '1' });
    expect(seen['x-debug']).toBeUndefined();
  });

  it('sets and removes response headers; CORS, request id and Vary stay the gateway\'s', async () => {
    upstream.handler = (_req, res) => {
      res.writeHead(200, { server: 'svc/1.0', 'x-internal': 'node-7', 'cache-control': 'public, max-age=60', vary: 'Accept-Encoding', 'content-type': 'text/plain' });
      res.end('ok');
    };
    const res = await send(`${gw.url}/t/page`, { headers: { origin: ORIGIN } });
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['server']).toBeUndefined();
    expect(res.headers['x-internal']).toBeUndefined();
    expect(res.headers['access-control-allow-origin']).toBe(ORIGIN);
    expect(res.headers['access-control-allow-credentials']).toBe('true');
    expect(res.headers['vary']).toBe('Origin, Accept-Encoding');
    expect(res.headers['x-request-id']).toBeTruthy();
  });

  it('a route without transforms forwards headers unchanged', async () => {
    upstream.handler = (_req, res) => {
      res.writeHead(200, { server: 'svc/1.0' });
      res.end();
    };
    const res = await send(`${gw.url}/plain/page`, { headers: { 'x-debug': '1' } });
    expect(res.headers['server']).toBe('svc/1.0');
    expect(upstream.seen.at(-1)?.headers['x-debug']).toBe('1');
  });

  it('response transforms apply to the service\'s answers, not to the gateway\'s own errors', async () => {
    upstream.handler = (req) => req.socket.destroy();
    const res = await send(`${gw.url}/t/broken`);
    expect(res.status).toBe(502);
    expect(res.headers['cache-control']).toBeUndefined();
    expect(res.json()).toMatchObject({ Success: false });
  });
});
