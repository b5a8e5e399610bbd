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
