import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import { startGateway, type RunningGateway } from '../../testing/gateway-under-test.testing';
import { send } from '@corsway/testing';
import { closedPortUrl, UpstreamServer } from '../../testing/upstream-server.testing';

const ORIGIN = 'http://localhost:7152';
const REDIS_URL = 'redis://127.0.0.1:6379';

function config(upstream: string) {
  return {
    cors: { defaultPolicy: 'Web', policies: { Web: { origins: [ORIGIN], headers: ['*'], methods: ['*'], credentials: true } } },
    routes: [
      { upstream: '/users/user/login', downstream: '/user/login', service: 'users', methods: ['POST'], rateLimit: { limit: 3, windowSeconds: 60 } },
      { upstream: '/users/{everything}', downstream: '/{everything}', service: 'users' },
    ],
    discovery: { services: { users: [upstream] } },
  };
}

const login = (gw: RunningGateway) => send(`${gw.url}/users/user/login`, { method: 'POST', headers: { origin: ORIGIN, 'content-type': 'application/json' }, body: '{}' });

function expect429(res: Awaited<ReturnType<typeof send>>) {
  expect(res.status).toBe(429);
  expect(res.json()).toMatchObject({ Success: false, Data: null, Message: expect.stringMatching(/Too many requests: this route allows 3 per 60 s/) });
  expect(Number(res.headers['retry-after'])).toBeGreaterThanOrEqual(1);
  expect(Number(res.headers['retry-after'])).toBeLessThanOrEqual(60);
  expect(res.headers['access-control-allow-origin']).toBe(ORIGIN);
}

describe('per-route rate limits', () => {
  const upstream = new UpstreamServer('users');
  beforeAll(() => upstream.start());
  afterAll(() => upstream.stop());

  describe('in memory (default)', () => {
    let gw: RunningGateway;
    beforeAll(async () => (gw = await startGateway({ config: config(upstream.url) })));
    afterAll(() => gw?.close());

    it('allows the limit, then answers 429 with Retry-After and CORS headers; other routes are unaffected', async () => {
      const statuses = [];
      for (let i = 0; i < 3; i++) statuses.push((await login(gw)).status);
      expect(statuses).toEqual([200, 200, 200]);
      const before = upstream.seen.length;
      expect429(await login(gw));
      expect(upstream.seen.length).toBe(before); // the limited request never reached the service
      expect((await send(`${gw.url}/users/user/me`)).status).toBe(200);
    });
  });

  describe('IPv6 clients behind a trusted proxy', () => {
    let gw: RunningGateway;
    beforeAll(
      async () =>
        (gw = await startGateway({ config: { ...config(upstream.url), proxy: { trustProxy: ['loopback'], healthCheck: false }, clients: { maxInFlight: 2 } } })),
    );
    afterAll(() => gw?.close());
    const from = (client: string) =>
      send(`${gw.url}/users/user/login`, { method: 'POST', headers: { origin: ORIGIN, 'content-type': 'application/json', 'x-forwarded-for': client }, body: '{}' });

    // One IPv6 client holds a /64 at least and can take a new address for every request.
    it('are counted by their /64 network: a new address from the same /64 is still limited, another /64 is not', async () => {
      const statuses = [];
      for (const client of ['2001:db8:1:2::1', '2001:db8:1:2::2', '2001:DB8:1:2:0:0:0:3']) statuses.push((await from(client)).status);
      expect(statuses).toEqual([200, 200, 200]);
      expect429(await from('2001:db8:1:2:ffff:ffff:ffff:ffff'));
      expect((await from('2001:db8:1:3::1')).status).toBe(200);
      expect((await from('::ffff:198.51.100.7')).status).toBe(200);
    });

    it('share one in-flight cap per /64', async () => {
      upstream.handler = (req, res) => void setTimeout(() => res.end('{}'), 300);
      try {
        const held = [send(`${gw.url}/users/me`, { headers: { 'x-forwarded-for': '2001:db8:9:9::1' } }), send(`${gw.url}/users/me`, { headers: { 'x-forwarded-for': '2001:db8:9:9::2' } })];
        await new Promise((r) => setTimeout(r, 100));
        expect((await send(`${gw.url}/users/me`, { headers: { 'x-forwarded-for': '2001:db8:9:9::3' } })).status).toBe(429);
        expect((await send(`${gw.url}/users/me`, { headers: { 'x-forwarded-for': '2001:db8:9:a::1' } })).status).toBe(200);
        expect((await Promise.all(held)).map((r) => r.status)).toEqual([200, 200]);
      } finally {
        upstream.handler = null;
      }
    });
  });

  describe('in Redis (REDIS_URL): several gateways share counts', () => {
    const prefix = `corsway:test:${randomUUID()}:`;
    let a: RunningGateway;
    let b: RunningGateway;
    beforeAll(async () => {
      const env = { REDIS_URL };
      a = await startGateway({ config: config(upstream.url), env, rateLimitKeyPrefix: prefix });
      b = await startGateway({ config: config(upstream.url), env, rateLimitKeyPrefix: prefix });
    });
    afterAll(async () => {
      await Promise.all([a?.close(), b?.close()]);
      const redis = new Redis(REDIS_URL);
      const keys = await redis.keys(`${prefix}*`);
      if (keys.length) await redis.del(...keys);
      await redis.quit();
    });

    it('counts requests across gateways atomically and expires the window in Redis', async () => {
      expect([(await login(a)).status, (await login(b)).status, (await login(a)).status]).toEqual([200, 200, 200]);
      expect429(await login(b));
      expect429(await login(a));
      const redis = new Redis(REDIS_URL);
      try {
        const keys = await redis.keys(`${prefix}*`);
        expect(keys).toHaveLength(1);
        expect(await redis.get(keys[0])).toBe('5');
        const ttl = await redis.pttl(keys[0]);
        expect(ttl).toBeGreaterThan(0);
        expect(ttl).toBeLessThanOrEqual(60_000);
      } finally {
        await redis.quit();
      }
    });
  });

  describe('Redis unreachable', () => {
    let gw: RunningGateway;
    beforeAll(async () => {
      const redisUrl = (await closedPortUrl()).replace('http:', 'redis:');
      gw = await startGateway({ config: config(upstream.url), env: { REDIS_URL: redisUrl }, rateLimitKeyPrefix: 'unused:' });
    });
    afterAll(() => gw?.close());

    it('falls back to limits counted in this process: the route keeps answering up to its limit, then 429', async () => {
      const statuses = [];
      for (let i = 0; i < 3; i++) statuses.push((await login(gw)).status);
      expect(statuses).toEqual([200, 200, 200]);
      expect429(await login(gw));
    });
  });
});
