import { PASSWORD, login, registerAccount } from '../../test/fixtures';
import { REDIS_TEST_URL, dropRedisPrefix, redisTestPrefix } from '../../test/redis';
import { startTestApp, type TestApp } from '../../test/test-app';

// Lockout that protects without locking the owner out (OWASP Authentication Cheat Sheet
// "Account lockout"; NIST SP 800-63B §5.2.2): failures count per account AND client address,
// plus a slower account-wide limit that delays (429) instead of locking. Once with the
// in-memory counters, once with the Redis ones: the rules are the same.
const STORES = [['memory'], ['redis']] as const;

describe.each(STORES)('lockout rules with %s counters', (store) => {
  let t: TestApp;
  const prefix = redisTestPrefix();
  const from = (ip: string) => ({ 'x-forwarded-for': ip });

  beforeAll(async () => {
    t = await startTestApp('sqlite', {
      config: {
        throttle: { ipLimit: 1000, accountLimit: 12, windowSeconds: 60 },
        lockout: { maxFailures: 5, windowSeconds: 900, lockSeconds: 900 },
        ...(store === 'redis' ? { redisUrl: REDIS_TEST_URL, redisKeyPrefix: prefix } : {}),
      },
    });
  });
  afterAll(async () => {
    await t.close();
    if (store === 'redis') await dropRedisPrefix(prefix);
  });

  it("five failures from one address lock that address out (403), not the owner's other address", async () => {
    const a = await registerAccount(t.url);
    const attacker = from('198.51.100.7');
    const statuses = [];
    for (let i = 0; i < 6; i++) statuses.push((await login(t.url, a.UserName, 'Wrong-Password-1', attacker)).status);
    expect(statuses).toEqual([401, 401, 401, 401, 403, 403]);
    expect((await login(t.url, a.UserName, PASSWORD, attacker)).status).toBe(403); // right password, locked address
    expect((await login(t.url, a.UserName, PASSWORD, from('203.0.113.50'))).status).toBe(200); // the owner
  });

  it('an IPv6 client taking a new address from its /64 for every attempt is locked out as one address', async () => {
    const a = await registerAccount(t.url);
    const statuses = [];
    for (let i = 1; i <= 6; i++) statuses.push((await login(t.url, a.UserName, 'Wrong-Password-1', from(`2001:db8:7:7::${i.toString(16)}`))).status);
    expect(statuses).toEqual([401, 401, 401, 401, 403, 403]);
    expect((await login(t.url, a.UserName, PASSWORD, from('2001:db8:7:7:ffff::1'))).status).toBe(403);
    expect((await login(t.url, a.UserName, PASSWORD, from('2001:db8:7:8::1'))).status).toBe(200); // the owner, on another network
  });

  it('a locked address hammering on does not spend the account-wide budget', async () => {
    const a = await registerAccount(t.url);
    const attacker = from('198.51.100.8');
    for (let i = 0; i < 30; i++) await login(t.url, a.UserName, 'Wrong-Password-1', attacker);
    const owner = await login(t.url, a.UserName, PASSWORD, from('203.0.113.51'));
    expect(owner.status).toBe(200);
  });

  it('failures spread over many addresses meet the account-wide limit: 429 with a short Retry-After, never a lock', async () => {
    const a = await registerAccount(t.url);
    const statuses = [];
    for (let i = 0; i < 14; i++)
      statuses.push((await login(t.url, a.UserName, 'Wrong-Password-1', from(`192.0.2.${i + 1}`))).status);
    expect(statuses).toEqual([...Array(12).fill(401), 429, 429]);
    const delayed = await login(t.url, a.UserName, PASSWORD, from('203.0.113.52'));
    expect(delayed.status).toBe(429);
    expect(Number(delayed.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(Number(delayed.headers.get('retry-after'))).toBeLessThanOrEqual(60);
  });

  it('an unknown name gets exactly the answers a real account gets, attempt for attempt', async () => {
    const a = await registerAccount(t.url);
    const run = async (name: string, ip: string) => {
      const out = [];
      for (let i = 0; i < 6; i++) out.push(await login(t.url, name, 'Wrong-Password-1', from(ip)));
      out.push(await login(t.url, name, PASSWORD, from(ip)));
      out.push(await login(t.url, name, PASSWORD, from(`${ip}1`)));
      return out;
    };
    const real = await run(a.UserName, '198.51.100.9');
    const ghost = await run(`ghost-${a.UserName}`, '198.51.100.9');
    expect(real.map((r) => r.status)).toEqual([401, 401, 401, 401, 403, 403, 403, 200]);
    expect(ghost.slice(0, 7).map((r) => [r.status, r.body, r.headers.get('retry-after')])).toEqual(
      real.slice(0, 7).map((r) => [r.status, r.body, r.headers.get('retry-after')]),
    );
    expect(ghost[7].status).toBe(401); // the ghost has no password that works, from anywhere
  });
});
