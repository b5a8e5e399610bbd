import { startGateway, type RunningGateway } from '../../testing/gateway-under-test.testing';
import { send } from '@corsway/testing';
import { shippedGatewayConfig } from '../../testing/shipped-config.testing';
import { UpstreamServer } from '../../testing/upstream-server.testing';

const ORIGIN = 'http://localhost:7152';
const SHIPPED = shippedGatewayConfig();
type ShippedRoute = { upstream: string; downstream: string; methods?: string[]; cors?: string; auth?: boolean };
const NAMED_ROUTES: ShippedRoute[] = SHIPPED.routes.filter((r: ShippedRoute) => !r.upstream.includes('{'));

/** Other ways a client could write `path`; each must reach the same route or be refused. */
function spellings(path: string): [string, string][] {
  const segments = path.split('/');
  const last = segments.at(-1)!;
  const encodedFirst = `%${last.charCodeAt(0).toString(16).toUpperCase()}${last.slice(1)}`;
  return [
    ['upper case', path.toUpperCase()],
    ['an encoded letter', [...segments.slice(0, -1), encodedFirst].join('/')],
    ['a lower-case encoded letter', [...segments.slice(0, -1), encodedFirst.toLowerCase()].join('/')],
    ['a doubled slash', path.replace('/users/', '/users//')],
    ['a leading doubled slash', `/${path}`],
    ['a trailing slash', `${path}/`],
    ['a dot segment', path.replace('/users/', '/users/./')],
    ['a dot-dot segment', path.replace('/users/', '/users/x/../')],
    ['an encoded dot-dot', path.replace('/users/', '/users/x/%2e%2e/')],
    ['an encoded slash', [...segments.slice(0, -2), `${segments.at(-2)}%2F${last}`].join('/')],
    ['a backslash', [...segments.slice(0, -2), `${segments.at(-2)}\\${last}`].join('/')],
  ];
}

/**
 * Every named route of the shipped config, in every spelling: the answer is
 * a 400 envelope, or it is the route's own (its CORS policy's credentials
 * header, its auth), never the catch-all's. The catch-all `/users/{everything}`
 * has no auth and the StrictMvc policy (no credentials), so a spelling that
 * escaped to it would be visible.
 */
describe('one spelling per path, over every route of the shipped config', () => {
  const upstream = new UpstreamServer('user-service');
  let gw: RunningGateway;

  beforeAll(async () => {
    await upstream.start();
    const config = { ...SHIPPED, routes: SHIPPED.routes.map((r: ShippedRoute & { rateLimit?: unknown }) => ({ ...r, rateLimit: undefined })), discovery: { services: { 'user-service': [upstream.url] } } };
    gw = await startGateway({ config });
  });
  afterAll(async () => {
    await gw?.close();
    await upstream.stop();
  });

  const cases = NAMED_ROUTES.flatMap((route) => spellings(route.upstream).map(([how, path]) => [route.upstream, how, path, route] as const));

  it.each(cases)('%s with %s (%s): refused, or served by its own route', async (_template, _how, path, route) => {
    const method = route.methods?.[0] ?? 'GET';
    const before = upstream.seen.length;
    const res = await send(`${gw.url}${path}`, { method, headers: { origin: ORIGIN, 'content-type': 'application/json' }, body: method === 'POST' ? '{}' : undefined });
    if (res.status === 400) {
      expect(res.json()).toMatchObject({ Success: false, Message: expect.stringContaining('one accepted spelling') });
      expect(upstream.seen.length).toBe(before); // nothing reached the service
      return;
    }
    if (route.auth) {
      expect(res.status).toBe(401);
      expect(upstream.seen.length).toBe(before);
      return;
    }
    expect(res.status).toBe(200);
    expect(upstream.seen.at(-1)?.url).toBe(route.downstream);
    const policy = SHIPPED.cors.policies[route.cors as string];
    expect(res.headers['access-control-allow-credentials']).toBe(policy.credentials ? 'true' : undefined);
  });

  it('the canonical spelling itself is served by its route (the test above can tell routes apart)', async () => {
    const res = await send(`${gw.url}/users/user/refresh`, { method: 'POST', headers: { origin: ORIGIN, 'content-type': 'application/json' }, body: '{}' });
    expect(res.status).toBe(200);
    expect(res.headers['access-control-allow-credentials']).toBe('true');
    const viaCatchAll = await send(`${gw.url}/users/other`, { headers: { origin: ORIGIN } });
    expect(viaCatchAll.headers['access-control-allow-credentials']).toBeUndefined();
  });
});
