import { createTestStorage, type TestStorage } from '../../test/engines';
import { PASSWORD, login, registerAccount } from '../../test/fixtures';
import { REDIS_TEST_URL, dropRedisPrefix, redisTestPrefix } from '../../test/redis';
import { startTestApp, type TestApp } from '../../test/test-app';

// Two instances on one PostgreSQL database and one Redis behave as one: lockout, failure counts and
// throttles live in Redis (atomic Lua), so alternating instances changes nothing and a restart forgets
// nothing. (With per-process counters the first 403 came at attempt 9, the right password got through
// the other instance while "locked", and a restart forgot the lock.) The same rules with several real
// processes: tests/reliability/src/specs/user-service-instances.spec.ts.
// First in the file: Nest's static logger is per process, so a start-up line of a later in-process app
// could land in an earlier app's log capture.
describe('Redis unreachable', () => {
  it('falls back to per-instance counters: the lock still holds, logins still work, logged once', async () => {
    const t = await startTestApp('sqlite', {
      config: {
        redisUrl: 'redis://127.0.0.1:1', // nothing listens on port 1
        throttle: { ipLimit: 1000, accountLimit: 1000, windowSeconds: 60 },
        lockout: { maxFailures: 3, windowSeconds: 900, lockSeconds: 900 },
      },
    });
    try {
      const acct = await registerAccount(t.url);
      const statuses = [];
      for (let i = 0; i < 3; i++) statuses.push((await login(t.url, acct.UserName, 'Wrong-Password-1')).status);
      expect(statuses).toEqual([401, 401, 403]);
      expect((await login(t.url, acct.UserName, PASSWORD, { 'x-forwarded-for': '203.0.113.70' })).status).toBe(200);
      const warnings = t.logs.filter((l) => JSON.stringify(l).includes('Redis for lockout and throttles'));
      expect(warnings.length).toBe(1);
    } finally {
      await t.close();
    }
  });
});

describe('two user-service instances sharing PostgreSQL and Redis', () => {
  let storage: TestStorage;
  let a: TestApp;
  let b: TestApp;
  const prefix = redisTestPrefix();
  const from = (ip: string) => ({ 'x-forwarded-for': ip });
  const config = {
    redisUrl: REDIS_TEST_URL,
    redisKeyPrefix: prefix,
    throttle: { ipLimit: 8, accountLimit: 10, windowSeconds: 60 },
    lockout: { maxFailures: 5, windowSeconds: 900, lockSeconds: 900 },
  };
  const start = () => startTestApp('postgres', { storage, config });

  beforeAll(async () => {
    storage = await createTestStorage('postgres');
    [a, b] = [await start(), await start()];
  });
  afterAll(async () => {
    await Promise.all([a?.close(), b?.close()]);
    await storage.dispose();
    await dropRedisPrefix(prefix);
  });

  it('alternating wrong passwords over both: the 5th attempt is 403, on either instance, even with the right password', async () => {
    const acct = await registerAccount(a.url);
    const ip = from('198.51.100.20');
    const statuses = [];
    for (let i = 0; i < 5; i++)
      statuses.push((await login(i % 2 ? b.url : a.url, acct.UserName, 'Wrong-Password-1', ip)).status);
    expect(statuses).toEqual([401, 401, 401, 401, 403]);
    for (const app of [a, b]) expect((await login(app.url, acct.UserName, PASSWORD, ip)).status).toBe(403);
  });

  it('a restarted instance keeps the lock', async () => {
    const acct = await registerAccount(a.url);
    const ip = from('198.51.100.21');
    for (let i = 0; i < 5; i++) await login(a.url, acct.UserName, 'Wrong-Password-1', ip);
    await a.close();
    await b.close();
    [a, b] = [await start(), await start()];
    expect((await login(a.url, acct.UserName, PASSWORD, ip)).status).toBe(403);
    expect((await login(b.url, acct.UserName, PASSWORD, ip)).status).toBe(403);
    expect((await login(b.url, acct.UserName, PASSWORD, from('203.0.113.60'))).status).toBe(200);
  });

  it('the per-account limit counts over both instances (10, not 20)', async () => {
    const acct = await registerAccount(a.url);
    const statuses = [];
    for (let i = 0; i < 12; i++)
      statuses.push((await login(i % 2 ? b.url : a.url, acct.UserName, PASSWORD, from(`192.0.2.${100 + i}`))).status);
    expect(statuses).toEqual([...Array(10).fill(200), 429, 429]);
  });

  it('the per-IP limit counts over both instances (8, not 16)', async () => {
    const acct = await registerAccount(a.url);
    const ip = from('198.51.100.22');
    const statuses = [];
    for (let i = 0; i < 10; i++)
      statuses.push((await login(i % 2 ? b.url : a.url, acct.UserName, PASSWORD, ip)).status);
    expect(statuses).toEqual([...Array(8).fill(200), 429, 429]);
  });
});
