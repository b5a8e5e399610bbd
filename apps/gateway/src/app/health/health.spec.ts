import { startGateway, type RunningGateway } from '../../testing/gateway-under-test.testing';
import { send } from '@corsway/testing';
import { closedPortUrl, UpstreamServer } from '../../testing/upstream-server.testing';

const ORIGIN = 'http://localhost:7152';
const CORS = { defaultPolicy: 'AllowAll', policies: { AllowAll: { origins: ['*'], headers: ['*'], methods: ['*'] } } };

describe('gateway health endpoints (Nest controllers beside the proxy)', () => {
  const users = new UpstreamServer('users');
  const sick = new UpstreamServer('sick');
  const slow = new UpstreamServer('slow');
  const bare = new UpstreamServer('bare');
  let gw: RunningGateway;

  beforeAll(async () => {
    await Promise.all([users.start(), sick.start(), slow.start(), bare.start()]);
    sick.handler = (_req, res) => {
      res.writeHead(503);
      res.end();
    };
    // Accepts the connection, never answers: only the indicator's timeout ends it.
    slow.handler = () => undefined;
    bare.handler = (_req, res) => {
      res.writeHead(404);
      res.end();
    };
  });
  afterAll(() => Promise.all([users.stop(), sick.stop(), slow.stop(), bare.stop()]));
  afterEach(() => gw?.close());

  const start = (services: Record<string, string[]>) =>
    startGateway({
      config: {
        cors: CORS,
        routes: Object.keys(services).map((s) => ({ upstream: `/${s}/{everything}`, downstream: '/{everything}', service: s })),
        discovery: { services },
      },
    }).then((g) => (gw = g));

  it('GET /health: the envelope, with CORS disabled by @DisableCors() although a default policy exists', async () => {
    await start({ users: [users.url] });
    const res = await send(`${gw.url}/health`, { headers: { origin: ORIGIN } });
    expect(res.status).toBe(200);
    expect(res.json()).toEqual({ Success: true, Data: { status: 'up' }, Message: 'OK', Errors: null });
    expect(Object.keys(res.headers).filter((h) => h.startsWith('access-control-'))).toEqual([]);
    expect(res.headers['x-request-id']).toBeTruthy();
    expect(users.seen.some((r) => r.url === '/health')).toBe(false); // answered by the gateway, not proxied
  });

  it('GET /health/ready: 200 when every routed service has an instance that answers, under the default policy', async () => {
    await start({ users: [users.url] });
    const res = await send(`${gw.url}/health/ready`, { headers: { origin: ORIGIN } });
    expect(res.status).toBe(200);
    expect(res.json()).toMatchObject({
      Success: true,
      Data: { ready: true, discovery: { provider: 'static', healthy: true }, services: { users: { instances: 1, up: 1, ejected: 0 } } },
    });
    expect(res.headers['access-control-allow-origin']).toBe('*');
  });

  it.each([
    ['refuses connections', async () => closedPortUrl()],
    ['answers 5xx', async () => sick.url],
    ['does not answer within the 2 s probe timeout', async () => slow.url],
  ])('GET /health/ready: 503 naming the service when its only instance %s', async (_case, url) => {
    await start({ users: [users.url], orders: [await url()] });
    const res = await send(`${gw.url}/health/ready`);
    expect(res.status).toBe(503);
    expect(res.json()).toMatchObject({
      Success: false,
      Message: 'Not ready: no healthy instance of orders.',
      Data: { ready: false, services: { users: { up: 1 }, orders: { instances: 1, up: 0 } } },
    });
  });

  it('GET /health/ready: an instance without a /health route (404) still counts as up: it serves HTTP', async () => {
    await start({ users: [bare.url] });
    const res = await send(`${gw.url}/health/ready`);
    expect(res.status).toBe(200);
    expect(bare.seen.some((r) => r.url === '/health')).toBe(true);
  });
});
