import { PASSWORD, login, registerAccount } from '../../test/fixtures';
import { startTestApp, type TestApp } from '../../test/test-app';

// Throttling (README.md "The lockout rule"): per IP and per account -> 429 with Retry-After; a
// temporary lock after repeated failures that never reveals whether the
// account exists. The limiter is in memory, so one engine suffices.
describe('throttling and lockout', () => {
  const from = (ip: string) => ({ 'x-forwarded-for': ip });
  const limits = (ipLimit: number, accountLimit: number, maxFailures: number) => ({
    throttle: { ipLimit, accountLimit, windowSeconds: 60 },
    lockout: { maxFailures, windowSeconds: 900, lockSeconds: 900 },
  });

  describe('per IP', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp('sqlite', { config: limits(3, 1000, 1000) });
    });
    afterAll(() => t.close());

    it('answers 429 with Retry-After once an IP exceeds the limit; other IPs are unaffected; the window resets', async () => {
      const a = await registerAccount(t.url); // registers from 127.0.0.1, another IP
      for (let i = 0; i < 3; i++)
        expect((await login(t.url, a.UserName, PASSWORD, from('203.0.113.9'))).status).toBe(200);
      const limited = await login(t.url, a.UserName, PASSWORD, from('203.0.113.9'));
      expect(limited.status).toBe(429);
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(Number(limited.headers.get('retry-after'))).toBeLessThanOrEqual(60);
      expect(limited.body).toEqual({
        Success: false,
        Data: null,
        Message: expect.stringMatching(/Too many .* Try again in \d+ seconds/),
        Errors: null,
      });
      expect((await login(t.url, a.UserName, PASSWORD, from('203.0.113.10'))).status).toBe(200);
      t.clock.advance(61);
      expect((await login(t.url, a.UserName, PASSWORD, from('203.0.113.9'))).status).toBe(200);
    });
  });

  describe('X-Forwarded-For from an untrusted peer', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp('sqlite', { config: { trustedProxies: [], ...limits(2, 1000, 1000) } });
    });
    afterAll(() => t.close());

    it('is ignored: a client cannot dodge the per-IP limit by inventing addresses', async () => {
      const statuses = [];
      for (let i = 0; i < 4; i++)
        statuses.push((await login(t.url, 'nobody', 'x-password', from(`198.51.100.${i}`))).status);
      expect(statuses).toEqual([401, 401, 429, 429]);
    });
  });

  describe('per account and lockout', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp('sqlite', { config: limits(1000, 4, 3) });
    });
    afterAll(() => t.close());

    it('throttles one account across many IPs (429), leaving other accounts alone', async () => {
      const a = await registerAccount(t.url);
      const b = await registerAccount(t.url);
      const statuses = [];
      for (let i = 0; i < 5; i++)
        statuses.push((await login(t.url, a.UserName, PASSWORD, from(`192.0.2.${i}`))).status);
      expect(statuses).toEqual([200, 200, 200, 200, 429]);
      expect((await login(t.url, b.UserName)).status).toBe(200);
      t.clock.advance(61);
    });

    it('counts email and user name of one account together', async () => {
      const a = await registerAccount(t.url);
      await login(t.url, a.UserName, 'Wrong-Password-1');
      await login(t.url, a.Email, 'Wrong-Password-1');
      expect((await login(t.url, a.UserName.toUpperCase(), 'Wrong-Password-1')).status).toBe(403);
      t.clock.advance(901);
    });

    it('locks after repeated failures, even for the right password, then unlocks; an unknown account behaves identically', async () => {
      const a = await registerAccount(t.url);
      const run = async (name: string, password: string) => {
        const out = [];
        for (let i = 0; i < 3; i++) out.push(await login(t.url, name, 'Wrong-Password-1'));
        out.push(await login(t.url, name, password));
        return out;
      };
      const real = await run(a.UserName, PASSWORD);
      const ghost = await run('ghost-account', PASSWORD);

      expect(real.map((r) => r.status)).toEqual([401, 401, 403, 403]);
      expect(ghost.map((r) => r.status)).toEqual(real.map((r) => r.status));
      expect(ghost.map((r) => r.body)).toEqual(real.map((r) => r.body));
      expect(real[3].body.Message).toMatch(/locked for 15 minutes/);
      expect(real[3].headers.get('retry-after')).toBe('900');

      expect(t.logs).toContainEqual(
        expect.objectContaining({ audit: 'login.blocked', reason: 'locked', userId: a.id }),
      );
      expect(t.logs).toContainEqual(
        expect.objectContaining({ audit: 'login.failure', login: 'ghost-account', userId: null, locked: true }),
      );

      t.clock.advance(901);
      expect((await login(t.url, a.UserName)).status).toBe(200);
    });

    it('forgets failures after a successful login', async () => {
      const a = await registerAccount(t.url);
      await login(t.url, a.UserName, 'Wrong-Password-1');
      await login(t.url, a.UserName, 'Wrong-Password-1');
      expect((await login(t.url, a.UserName)).status).toBe(200);
      expect((await login(t.url, a.UserName, 'Wrong-Password-1')).status).toBe(401);
      t.clock.advance(61);
    });
  });
});
