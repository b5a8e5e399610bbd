import type { RouteConfig } from '../config/gateway-config.types';
import { RouteTable } from './route-table';
import { NO_TRANSFORMS } from '../transforms/route-transforms';

function route(upstream: string, downstream: string, methods: string[] | null = null, service = 'svc'): RouteConfig {
  return { upstream, downstream, service, methods, cors: undefined, auth: false, timeoutMs: 1000, rateLimit: null, transforms: NO_TRANSFORMS, websocket: false };
}

// File order is deliberately NOT specificity order: the table must sort.
const table = new RouteTable([
  route('/users/{everything}', '/{everything}', ['GET', 'POST']),
  route('/users/user/login', '/user/login', ['POST']),
  route('/orders/{id}', '/api/orders/{id}', ['GET', 'DELETE'], 'orders'),
  route('/orders/{id}/items/{item}', '/items/{item}?order={id}', ['GET'], 'orders'),
  route('/orders/latest', '/api/orders/latest', ['GET'], 'orders'),
  route('/files/{*path}', '/blob/{path}', null, 'files'),
  route('/', '/home', ['GET'], 'home'),
]);

describe('RouteTable.match', () => {
  it.each([
    ['POST', '/users/user/login', 'routes[1]', '/user/login'],
    ['GET', '/users/user/login', 'routes[0]', '/user/login'], // method falls through to the catch-all
    ['GET', '/users/user/me', 'routes[0]', '/user/me'],
    ['GET', '/Users/User/Login', 'routes[0]', '/User/Login'], // literals are case-insensitive, values kept
    ['POST', '/users/', 'routes[0]', '/'],
    ['GET', '/users/a/b/c', 'routes[0]', '/a/b/c'],
    ['GET', '/users/caf%C3%A9', 'routes[0]', '/caf%C3%A9'], // values stay percent-encoded
    ['GET', '/orders/42', 'routes[2]', '/api/orders/42'],
    ['GET', '/orders/latest', 'routes[4]', '/api/orders/latest'], // literal beats placeholder
    ['GET', '/orders/7/items/9', 'routes[3]', '/items/9?order=7'],
    ['HEAD', '/orders/42', 'routes[2]', '/api/orders/42'], // HEAD is allowed where GET is
    ['PATCH', '/files/a/b.txt', 'routes[5]', '/blob/a/b.txt'], // no methods = any
    ['GET', '/', 'routes[6]', '/home'],
  ])('%s %s -> %s %s', (method, path, id, downstream) => {
    const m = table.match(method, path);
    expect(m.kind).toBe('route');
    if (m.kind !== 'route') return;
    expect(m.route.id).toBe(id);
    expect(m.servicePath).toBe(downstream);
  });

  it.each([
    ['GET', '/users'],
    ['GET', '/orders'],
    ['GET', '/orders/42/extra'],
    ['GET', '/nothing/here'],
    ['GET', '/orders//items/1'],
  ])('%s %s -> no route', (method, path) => {
    expect(table.match(method, path)).toEqual({ kind: 'none' });
  });

  // A service's own Prometheus endpoint is never forwarded (routing/service-only-paths.ts),
  // whichever route would render it, in any case, with or without a query.
  it.each([
    ['GET', '/users/metrics'],
    ['HEAD', '/users/metrics'],
    ['POST', '/users/metrics'],
    ['PUT', '/users/metrics'], // not a 405 either: the catch-all does not match at all
    ['GET', '/users/METRICS'],
  ])('%s %s -> no route (a service\'s /metrics)', (method, path) => {
    expect(table.match(method, path)).toEqual({ kind: 'none' });
  });

  it('does not forward to /metrics from a literal route either, query or not; other paths named metrics pass', () => {
    const t = new RouteTable([
      route('/stats', '/metrics?format=text', ['GET']),
      route('/scrape', '/metrics', ['GET']),
      route('/orders/{id}', '/api/orders/{id}', ['GET']),
      route('/users/{everything}', '/{everything}', ['GET']),
    ]);
    expect(t.match('GET', '/stats')).toEqual({ kind: 'none' });
    expect(t.match('GET', '/scrape')).toEqual({ kind: 'none' });
    expect(t.match('GET', '/orders/metrics')).toMatchObject({ kind: 'route', servicePath: '/api/orders/metrics' });
    expect(t.match('GET', '/users/metrics/today')).toMatchObject({ kind: 'route', servicePath: '/metrics/today' });
    expect(t.match('GET', '/users/metricsx')).toMatchObject({ kind: 'route', servicePath: '/metricsx' });
  });

  it.each([
    ['PUT', '/users/user/login', ['GET', 'POST']],
    ['POST', '/orders/42', ['DELETE', 'GET']],
    ['DELETE', '/', ['GET']],
  ])('%s %s -> 405 allowing %j', (method, path, allow) => {
    expect(table.match(method, path)).toEqual({ kind: 'methodNotAllowed', allow });
  });

  it('lists the routed services once each', () => {
    expect(table.services().sort()).toEqual(['files', 'home', 'orders', 'svc']);
  });
});

describe('RouteTable memo (one scan per method and path)', () => {
  it('answers a repeated question with the same frozen match', () => {
    const t = new RouteTable([route('/orders/{id}', '/api/orders/{id}', ['GET'])]);
    const first = t.match('GET', '/orders/1');
    expect(t.match('GET', '/orders/1')).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
    // Another method is another question: 405, not the GET match.
    expect(t.match('POST', '/orders/1')).toEqual({ kind: 'methodNotAllowed', allow: ['GET'] });
  });

  it('stays correct past its bound (clients choose paths; memory must not grow with them)', () => {
    const t = new RouteTable([route('/orders/{id}', '/api/orders/{id}', ['GET'])]);
    for (let i = 0; i < 10_000; i++) {
      const m = t.match('GET', `/orders/${i}`);
      expect(m.kind === 'route' && m.servicePath).toBe(`/api/orders/${i}`);
    }
    const memo = (t as unknown as { memo: Map<string, Map<string, unknown>> }).memo;
    expect(memo.get('GET')!.size).toBeLessThanOrEqual(4096);
  });

  it('answers methods it does not memoise (extension methods) by scanning', () => {
    const t = new RouteTable([route('/files/{*path}', '/blob/{path}')]);
    const m = t.match('PROPFIND', '/files/a');
    expect(m.kind === 'route' && m.servicePath).toBe('/blob/a');
    const memo = (t as unknown as { memo: Map<string, Map<string, unknown>> }).memo;
    expect(memo.has('PROPFIND')).toBe(false);
  });
});
