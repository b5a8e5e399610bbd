import { compileGatewayConfig } from '../config/compiled-gateway.config';
import { createGatewayApp } from '../create-gateway-app';
import { startGateway, type RunningGateway } from '../../testing/gateway-under-test.testing';
import { send } from '@corsway/testing';
import { UpstreamServer } from '../../testing/upstream-server.testing';
import { TrustedProxies } from './trusted-proxies';

describe('TrustedProxies', () => {
  it.each([
    [['127.0.0.1'], '127.0.0.1', true],
    [['127.0.0.1'], '::ffff:127.0.0.1', true],
    [['127.0.0.1'], '127.0.0.2', false],
    [['10.0.0.0/8'], '10.20.30.40', true],
    [['10.0.0.0/8'], '11.0.0.1', false],
    [['loopback'], '127.9.9.9', true],
    [['loopback'], '::1', true],
    [['uniquelocal'], '172.20.0.5', true],
    [['fd00::/8'], 'fd12::1', true],
    [[], '127.0.0.1', false],
    [['127.0.0.1'], 'not-an-ip', false],
  ])('%j trusts %s: %s', (entries, address, expected) => {
    expect(new TrustedProxies(entries, 'proxy.trustProxy').trusts(address)).toBe(expected);
  });

  it.each([['10.0.0.0/33'], ['10.0.0/8'], ['gateway'], ['10.0.0.0/'], ['1.2.3.4/8/9']])('refuses %s naming the field', (entry) => {
    expect(() => new TrustedProxies(['127.0.0.1', entry], 'proxy.trustProxy')).toThrow(expect.objectContaining({ field: 'proxy.trustProxy[1]' }));
  });

  it('TRUSTED_PROXIES overrides proxy.trustProxy, and its errors name the variable', () => {
    const raw = { routes: [], proxy: { trustProxy: ['10.0.0.0/8'] } };
    expect(compileGatewayConfig(raw, { TRUSTED_PROXIES: 'loopback' }, 't').trustedProxies.trusts('127.0.0.1')).toBe(true);
    expect(compileGatewayConfig(raw, { TRUSTED_PROXIES: '' }, 't').trustedProxies.trusts('10.1.1.1')).toBe(false);
    expect(() => compileGatewayConfig(raw, { TRUSTED_PROXIES: 'loopback, nonsense' }, 't')).toThrow(expect.objectContaining({ field: 'TRUSTED_PROXIES[1]' }));
  });

  it('a bad entry stops start-up', async () => {
    await expect(createGatewayApp({ config: { routes: [], proxy: { trustProxy: ['everyone'] } } })).rejects.toMatchObject({ field: 'proxy.trustProxy[0]' });
  });
});

/** The test client connects from 127.0.0.1: trusted with `loopback`, untrusted with a 10/8-only list. */
describe('X-Forwarded-* behind trusted and untrusted peers', () => {
  const upstream = new UpstreamServer('svc');
  let trusting: RunningGateway;
  let distrusting: RunningGateway;
  const config = (trustProxy: string[]) => ({
    routes: [
      { upstream: '/svc/limited', downstream: '/limited', service: 'svc', rateLimit: { limit: 1, windowSeconds: 60 } },
      { upstream: '/svc/{everything}', downstream: '/{everything}', service: 'svc' },
    ],
    discovery: { services: { svc: [upstream.url] } },
    proxy: { trustProxy, healthCheck: false },
  });

  beforeAll(async () => {
    await upstream.start();
    trusting = await startGateway({ config: config(['loopback']) });
    distrusting = await startGateway({ config: config(['10.0.0.0/8']) });
  });
  afterAll(async () => {
    await Promise.all([trusting?.close(), distrusting?.close()]);
    await upstream.stop();
  });

  const forwarded = { 'x-forwarded-for': '203.0.113.7, 198.51.100.2', 'x-forwarded-proto': 'https', 'x-forwarded-host': 'api.example.com' };

  it('from a trusted peer: the chain is appended to, Proto and Host are kept (cookies can stay Secure behind TLS)', async () => {
    const seen = (await send(`${trusting.url}/svc/echo`, { headers: forwarded })).json().headers;
    expect(seen['x-forwarded-for']).toBe('203.0.113.7, 198.51.100.2, 127.0.0.1');
    expect(seen['x-forwarded-proto']).toBe('https');
    expect(seen['x-forwarded-host']).toBe('api.example.com');
  });

  it('from an untrusted peer: all three are replaced by what this hop sees', async () => {
    const seen = (await send(`${distrusting.url}/svc/echo`, { headers: forwarded })).json().headers;
    expect(seen['x-forwarded-for']).toBe('127.0.0.1');
    expect(seen['x-forwarded-proto']).toBe('http');
    expect(seen['x-forwarded-host']).toBe(new URL(distrusting.url).host);
  });

  it('behind a trusted peer, limits count the real client (the right-most untrusted address)', async () => {
    const as = (client: string) => send(`${trusting.url}/svc/limited`, { headers: { 'x-forwarded-for': `1.1.1.1, ${client}` } });
    expect((await as('203.0.113.10')).status).toBe(200);
    expect((await as('203.0.113.10')).status).toBe(429);
    expect((await as('203.0.113.11')).status).toBe(200); // another client behind the same proxy
  });

  it('an untrusted client cannot pick the address it is limited as', async () => {
    const as = (client: string) => send(`${distrusting.url}/svc/limited`, { headers: { 'x-forwarded-for': client } });
    expect((await as('203.0.113.20')).status).toBe(200);
    expect((await as('203.0.113.21')).status).toBe(429);
  });
});
