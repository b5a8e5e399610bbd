import { join } from 'node:path';
import { compileGatewayConfig } from './compiled-gateway.config';
import { GatewayConfigError } from './gateway-config.error';
import { loadGatewayConfig } from './gateway-config.loader';
import { createGatewayApp } from '../create-gateway-app';

const good = () => ({
  cors: {
    defaultPolicy: 'AllowAll',
    policies: { AllowAll: { origins: ['*'], headers: ['*'], methods: ['*'] } },
  },
  routes: [
    { upstream: '/a/{everything}', downstream: '/{everything}', service: 'a', methods: ['GET'] },
    { upstream: '/b/{id}', downstream: '/b/{id}', service: 'a' },
    { upstream: '/c', downstream: '/c', service: 'a', cors: 'AllowAll', rateLimit: { limit: 1, windowSeconds: 1 } },
  ],
  discovery: { provider: 'static', services: { a: ['http://127.0.0.1:1'] } },
});

type Mutation = (c: any) => void;

describe('gateway config validation', () => {
  it('accepts the app\'s own default file', () => {
    const compiled = loadGatewayConfig(join(__dirname, '..', '..', 'assets', 'gateway.config.json'), {});
    expect(compiled.cors.defaultPolicy).toBe('AllowAll');
    expect([...compiled.cors.policies.keys()]).toEqual(['AllowAll', 'StrictMvc', 'MixedPolicy', 'CookieRoutes']);
    expect(compiled.cors.policies.get('CookieRoutes')?.enforceOrigin).toBe(true);
    expect(compiled.routes.match('POST', '/users/user/login')).toMatchObject({ kind: 'route', servicePath: '/user/login' });
    expect(compiled.routes.match('GET', '/users/user/me')).toMatchObject({ kind: 'route', route: { config: { auth: true, cors: 'MixedPolicy' } } });
  });

  it('accepts a minimal valid config and fills defaults', () => {
    const compiled = compileGatewayConfig(good(), {}, 'test');
    expect(compiled.config.proxy.maxBodyBytes).toBe(10 * 1024 * 1024);
    expect(compiled.config.routes[1].methods).toBeNull();
    expect(compiled.config.auth.jwksPath).toBe('/.well-known/jwks.json');
  });

  it.each<[string, Mutation]>([
    ['routes', (c) => (c.routes = {})],
    ['rutes', (c) => (c.rutes = [])],
    ['routes[2].upstream', (c) => delete c.routes[2].upstream],
    ['routes[2].upstream', (c) => (c.routes[2].upstream = 'c')],
    ['routes[2].upstream', (c) => (c.routes[2].upstream = '/c/{x}{y}')],
    ['routes[0].upstream', (c) => (c.routes[0].upstream = '/a/{everything}/more')],
    ['routes[1].downstream', (c) => (c.routes[1].downstream = '/b/{nope}')],
    ['routes[0].methods[0]', (c) => (c.routes[0].methods = ['G E T'])],
    ['routes[0].methods', (c) => (c.routes[0].methods = [])],
    ['routes[1].service', (c) => (c.routes[1].service = 'missing')],
    ['routes[1].service', (c) => (c.routes[1].service = 42)],
    ['routes[2].cors', (c) => (c.routes[2].cors = 'Nope')],
    ['routes[2].cors', (c) => (c.routes[2].cors = true)],
    ['routes[2].auth', (c) => (c.routes[2].auth = 'yes')],
    ['routes[2].timeoutMs', (c) => (c.routes[2].timeoutMs = -5)],
    ['routes[2].rateLimit.limit', (c) => (c.routes[2].rateLimit = { limit: 0 })],
    ['routes[2].rateLimit.windowSeconds', (c) => (c.routes[2].rateLimit = { limit: 5, windowSeconds: 1.5 })],
    ['routes[2].rateLimit.perMinute', (c) => (c.routes[2].rateLimit = { limit: 5, perMinute: 1 })],
    ['routes[2].upstrem', (c) => (c.routes[2].upstrem = '/x')],
    ['cors.policies.AllowAll.origins[0]', (c) => (c.cors.policies.AllowAll.origins = ['example.com'])],
    ['cors.defaultPolicy', (c) => (c.cors.defaultPolicy = 'Missing')],
    ['discovery.provider', (c) => (c.discovery.provider = 'zookeeper')],
    ['discovery.services.a[0]', (c) => (c.discovery.services.a = ['not a url'])],
    ['proxy.maxBodyBytes', (c) => (c.proxy = { maxBodyBytes: '10MB' })],
    ['proxy.circuitBreaker.cooldownMs', (c) => (c.proxy = { circuitBreaker: { cooldownMs: 0 } })],
    ['clients.maxWebSockets', (c) => (c.clients = { maxWebSockets: 0 })],
    ['clients.maxWebSockets', (c) => (c.clients = { maxWebSockets: '32' })],
    ['clients.maxWebsockets', (c) => (c.clients = { maxWebsockets: 32 })],
    ['clients.sendTimeoutMs', (c) => (c.clients = { sendTimeoutMs: 0 })],
    ['clients.ipv6Prefix', (c) => (c.clients = { ipv6Prefix: 129 })],
    ['clients.ipv6Prefix', (c) => (c.clients = { ipv6Prefix: 0 })],
    ['proxy.maxQueuedPerInstance', (c) => (c.proxy = { maxQueuedPerInstance: -1 })],
    ['auth.jwksPath', (c) => (c.auth = { jwksPath: 'jwks.json' })],
  ])('names %s', (field, mutate) => {
    const config = good();
    mutate(config);
    let error: unknown;
    try {
      compileGatewayConfig(config, {}, 'test');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(GatewayConfigError);
    expect((error as GatewayConfigError).field).toBe(field);
    expect((error as GatewayConfigError).message.startsWith(`${field}: `)).toBe(true);
  });

  it('names (root) when the file is not an object', () => {
    expect(() => compileGatewayConfig([], {}, 'test')).toThrow(expect.objectContaining({ field: '(root)' }));
  });

  it('lets DISCOVERY override the file and names the variable when wrong', () => {
    expect(() => compileGatewayConfig(good(), { DISCOVERY: 'etcd' }, 'test')).toThrow(expect.objectContaining({ field: 'DISCOVERY' }));
  });

  it('stops createGatewayApp before anything listens, naming the field', async () => {
    const config = good();
    (config.routes[0] as any).upstream = 'a/{everything}';
    await expect(createGatewayApp({ config })).rejects.toMatchObject({ name: 'GatewayConfigError', field: 'routes[0].upstream' });
    await expect(createGatewayApp({ configPath: '/nonexistent/gateway.json' })).rejects.toMatchObject({ field: 'GATEWAY_CONFIG' });
  });

  it('rejects a file that is not JSON, naming the file', () => {
    expect(() => loadGatewayConfig(__filename, {})).toThrow(/is not valid JSON/);
  });
});
