import { compileGatewayConfig } from '../config/compiled-gateway.config';
import { GatewayConfigError } from '../config/gateway-config.error';
import { createGatewayApp } from '../create-gateway-app';

const configWith = (route: Record<string, unknown>) => ({
  routes: [{ upstream: '/a/{everything}', downstream: '/{everything}', service: 'a', ...route }],
  discovery: { provider: 'static', services: { a: ['http://127.0.0.1:1'] } },
});

const compile = (route: Record<string, unknown>) => compileGatewayConfig(configWith(route), {}, 'test');

describe('route transforms: validated at start-up, naming the field', () => {
  it('compiles request and response edits with lower-cased names', () => {
    const route = compile({
      transforms: {
        requestHeaders: { set: { 'X-Api-Version': '2' }, remove: ['X-Debug'] },
        responseHeaders: { set: { 'Cache-Control': 'no-store' }, remove: ['Server'] },
      },
    }).config.routes[0];
    expect(route.transforms.requestHeaders?.set).toEqual([['x-api-version', '2']]);
    expect([...(route.transforms.requestHeaders?.drop ?? [])]).toEqual(['x-api-version', 'x-debug']);
    expect([...(route.transforms.responseHeaders?.drop ?? [])]).toEqual(['cache-control', 'server']);
  });

  it('a route without transforms has none', () => {
    expect(compile({}).config.routes[0].transforms).toEqual({ requestHeaders: null, responseHeaders: null });
  });

  it.each<[string, unknown, RegExp]>([
    ['routes[0].transforms', 'x', /JSON object/],
    ['routes[0].transforms.headers', { headers: {} }, /unknown field/],
    ['routes[0].transforms.requestHeaders', { requestHeaders: [] }, /JSON object/],
    ['routes[0].transforms.requestHeaders.add', { requestHeaders: { add: {} } }, /unknown field/],
    ['routes[0].transforms.requestHeaders.set', { requestHeaders: { set: ['X-A'] } }, /object of header name/],
    ['routes[0].transforms.requestHeaders.set.X A', { requestHeaders: { set: { 'X A': '1' } } }, /valid header name/],
    ['routes[0].transforms.requestHeaders.set.X-A', { requestHeaders: { set: { 'X-A': 1 } } }, /string header value/],
    ['routes[0].transforms.requestHeaders.set.X-A', { requestHeaders: { set: { 'X-A': 'a\r\nX-Injected: 1' } } }, /CR, LF or NUL/],
    ['routes[0].transforms.requestHeaders.set.Host', { requestHeaders: { set: { Host: 'evil' } } }, /connection or framing/],
    ['routes[0].transforms.requestHeaders.remove[0]', { requestHeaders: { remove: ['Transfer-Encoding'] } }, /connection or framing/],
    ['routes[0].transforms.requestHeaders.set.X-Forwarded-For', { requestHeaders: { set: { 'X-Forwarded-For': '1.2.3.4' } } }, /X-Forwarded/],
    ['routes[0].transforms.requestHeaders.remove[0]', { requestHeaders: { remove: ['X-Request-Id'] } }, /request id/],
    ['routes[0].transforms.requestHeaders.remove', { requestHeaders: { remove: 'X-A' } }, /array of header names/],
    ['routes[0].transforms.requestHeaders.remove[0]', { requestHeaders: { remove: [7] } }, /header name string/],
    ['routes[0].transforms.requestHeaders.remove[0]', { requestHeaders: { set: { 'X-A': '1' }, remove: ['x-a'] } }, /not both/],
    ['routes[0].transforms.responseHeaders.set.Access-Control-Allow-Origin', { responseHeaders: { set: { 'Access-Control-Allow-Origin': '*' } } }, /CORS policy/],
    ['routes[0].transforms.responseHeaders.remove[0]', { responseHeaders: { remove: ['access-control-allow-credentials'] } }, /CORS policy/],
    ['routes[0].transforms.responseHeaders.set.Vary', { responseHeaders: { set: { Vary: '*' } } }, /Vary/],
    ['routes[0].transforms.responseHeaders.set.Connection', { responseHeaders: { set: { Connection: 'close' } } }, /connection or framing/],
  ])('refuses %s: %j', (field, transforms, message) => {
    let caught: unknown;
    try {
      compile({ transforms });
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(GatewayConfigError);
    expect(caught).toMatchObject({ field });
    expect((caught as Error).message).toMatch(message);
  });

  it('a refused transform stops the gateway from starting', async () => {
    await expect(
      createGatewayApp({ config: configWith({ transforms: { responseHeaders: { set: { 'Access-Control-Allow-Origin': '*' } } } }) }),
    ).rejects.toMatchObject({ name: 'GatewayConfigError', field: 'routes[0].transforms.responseHeaders.set.Access-Control-Allow-Origin' });
  });

  it.each<[string, Record<string, unknown>, RegExp]>([
    ['routes[0].websocket', { websocket: 'yes' }, /true or false/],
    ['routes[0].websocket', { websocket: true, methods: ['POST'] }, /handshake is a GET/],
  ])('refuses %s: %j', (field, route, message) => {
    expect(() => compile(route)).toThrow(expect.objectContaining({ field, message: expect.stringMatching(message) }));
  });
});
