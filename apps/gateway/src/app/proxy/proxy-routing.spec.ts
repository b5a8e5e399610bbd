import { startGateway, type RunningGateway } from '../../testing/gateway-under-test.testing';
import { send } from '@corsway/testing';
import { UpstreamServer } from '../../testing/upstream-server.testing';

const ORIGIN = 'http://localhost:7152';

describe('gateway routing over real HTTP', () => {
  const users = new UpstreamServer('users');
  const orders = new UpstreamServer('orders');
  let gw: RunningGateway;

  beforeAll(async () => {
    await Promise.all([users.start(), orders.start()]);
    gw = await startGateway({
      config: {
        cors: {
          defaultPolicy: 'AllowAll',
          policies: {
            AllowAll: { origins: ['*'], headers: ['*'], methods: ['*'] },
            Web: { origins: [ORIGIN], headers: ['Content-Type'], methods: ['GET', 'POST'], credentials: true },
          },
        },
        routes: [
          { upstream: '/users/{everything}', downstream: '/{everything}', service: 'users', methods: ['GET', 'POST'], cors: 'Web' },
          { upstream: '/users/user/login', downstream: '/user/login', service: 'users', methods: ['POST'], cors: 'Web' },
          { upstream: '/orders/{id}', downstream: '/api/orders/{id}', service: 'orders', methods: ['GET', 'DELETE'] },
          { upstream: '/orders/{id}/items/{item}', downstream: '/items/{item}', service: 'orders', methods: ['GET'], cors: false },
        ],
        discovery: { services: { users: [users.url], orders: [orders.url] } },
      },
    });
  });
  afterAll(async () => {
    await gw?.close();
    await Promise.all([users.stop(), orders.stop()]);
  });

  it.each([
    ['POST', '/users/user/login', 'users', '/user/login'],
    ['GET', '/users/user/me?x=1&y=%20', 'users', '/user/me?x=1&y=%20'],
    ['POST', '/users/user/register', 'users', '/user/register'],
    ['GET', '/orders/42', 'orders', '/api/orders/42'],
    ['DELETE', '/orders/42?force=true', 'orders', '/api/orders/42?force=true'],
    ['GET', '/orders/42/items/7', 'orders', '/items/7'],
    ['HEAD', '/orders/42', 'orders', '/api/orders/42'],
  ])('%s %s reaches %s at %s', async (method, path, service, downstream) => {
    const res = await send(`${gw.url}${path}`, { method, headers: { 'content-type': 'application/json' }, body: method === 'POST' ? '{"a":1}' : undefined });
    expect(res.status).toBe(200);
    expect(res.headers['x-upstream']).toBe(service);
    if (method === 'HEAD') return;
    expect(res.json()).toMatchObject({ method, url: downstream });
    if (method === 'POST') expect(res.json().bodyBytes).toBe(7);
  });

  it.each([
    // status, method, path, origin, expected Access-Control-Allow-Origin
    [404, 'GET', '/nothing', ORIGIN, '*'], // no route: the default policy still answers
    [404, 'GET', '/users', ORIGIN, '*'],
    [405, 'PUT', '/users/user/login', ORIGIN, '*'],
    [405, 'POST', '/orders/42', ORIGIN, '*'],
    // A refused spelling names no route: the default policy answers.
    [400, 'GET', '/users/%2e%2e/admin', ORIGIN, '*'],
    [400, 'GET', '/users/x/../user/me', ORIGIN, '*'],
    [400, 'GET', '/users//user/me', ORIGIN, '*'],
  ])('%d for %s %s, as the envelope with CORS headers', async (status, method, path, origin, allowOrigin) => {
    const res = await send(`${gw.url}${path}`, { method, headers: { origin } });
    expect(res.status).toBe(status);
    expect(res.headers['content-type']).toMatch(/application\/json/);
    expect(res.json()).toMatchObject({ Success: false, Data: null, Errors: null, Message: expect.stringMatching(/\w/) });
    expect(res.headers['access-control-allow-origin']).toBe(allowOrigin);
    if (status === 405) expect(res.headers['allow']).toBeTruthy();
  });

  // Through the catch-all, these would be the service's Prometheus text (routing/service-only-paths.ts).
  it.each([
    ['GET', '/users/metrics'],
    ['GET', '/users/%6Detrics'],
    ['GET', '/users/METRICS?name[]=up'],
    ['HEAD', '/users/metrics'],
    ['POST', '/users/metrics'],
  ])('%s %s is a 404 and never reaches the service (its own /metrics)', async (method, path) => {
    const before = users.seen.length;
    const res = await send(`${gw.url}${path}`, { method, headers: { origin: ORIGIN } });
    expect(res.status).toBe(404);
    if (method !== 'HEAD') expect(res.json()).toMatchObject({ Success: false, Data: null, Message: expect.stringMatching(/^No gateway route matches \/users\/(metrics|METRICS)\./) });
    expect(users.seen.length).toBe(before);
  });

  it('uses the route policy, not the default, on a routed request', async () => {
    const res = await send(`${gw.url}/users/user/me`, { headers: { origin: ORIGIN } });
    expect(res.headers['access-control-allow-origin']).toBe(ORIGIN);
    expect(res.headers['access-control-allow-credentials']).toBe('true');
    expect(res.headers['vary']).toMatch(/Origin/);
  });

  it('answers a preflight for the route that serves the requested method', async () => {
    const res = await send(`${gw.url}/users/user/login`, {
      method: 'OPTIONS',
      headers: { origin: ORIGIN, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
    });
    expect(res.status).toBe(204);
    expect(res.headers['access-control-allow-origin']).toBe(ORIGIN);
    expect(users.seen.some((r) => r.method === 'OPTIONS')).toBe(false);
  });

  it('adds no CORS headers on a route with "cors": false', async () => {
    const res = await send(`${gw.url}/orders/1/items/2`, { headers: { origin: ORIGIN } });
    expect(res.status).toBe(200);
    expect(Object.keys(res.headers).filter((h) => h.startsWith('access-control-'))).toEqual([]);
  });
});

describe('gateway with "defaultPolicy": null ("before" state)', () => {
  const users = new UpstreamServer('users');
  let gw: RunningGateway;
  beforeAll(async () => {
    await users.start();
    gw = await startGateway({
      config: {
        cors: { defaultPolicy: null, policies: {} },
        routes: [{ upstream: '/users/{everything}', downstream: '/{everything}', service: 'users', methods: ['GET', 'POST'] }],
        discovery: { services: { users: [users.url] } },
      },
    });
  });
  afterAll(async () => {
    await gw?.close();
    await users.stop();
  });

  it.each([
    ['POST', '/users/user/login', {}],
    ['OPTIONS', '/users/user/login', { 'access-control-request-method': 'POST' }],
    ['GET', '/missing', {}],
  ])('%s %s carries no Access-Control-* header', async (method, path, extra) => {
    const res = await send(`${gw.url}${path}`, { method, headers: { origin: 'http://localhost:7152', ...extra } });
    expect(Object.keys(res.headers).filter((h) => h.startsWith('access-control-'))).toEqual([]);
  });
});
