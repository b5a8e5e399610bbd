import { PASSWORD, login, registerAccount } from '../../test/fixtures';
import { startTestApp, type TestApp } from '../../test/test-app';

// The argon2 queue is bounded: past it a login is refused at once with 503 + Retry-After instead of
// waiting behind a flood (80 concurrent bad logins once made a real login take 2.9 s).
// Latency of a legitimate login during a flood is measured in bench/ (login suite), not asserted here.
describe('bounded password hashing queue', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp('sqlite', { config: { hashQueueLimit: 8 } });
  });
  afterAll(() => t.close());

  it('one address flooding holds only its share of the queue: a login from another address still gets in (200)', async () => {
    const a = await registerAccount(t.url);
    const flooder = { 'x-forwarded-for': '198.51.100.66' };
    const flood = Array.from({ length: 60 }, () => login(t.url, `nobody-${a.UserName}`, 'Wrong-Password-1', flooder));
    await new Promise((r) => setTimeout(r, 20));
    const legit = await login(t.url, a.UserName, PASSWORD, { 'x-forwarded-for': '203.0.113.66' });
    const statuses = (await Promise.all(flood)).map((r) => r.status);
    expect(legit.status).toBe(200);
    expect(statuses.filter((s) => s === 503).length).toBeGreaterThan(30); // the flood is refused past its share (2 of 8)
    expect(statuses.every((s) => s === 401 || s === 503)).toBe(true);
  });

  it('80 concurrent bad logins: the ones past the bound get 503 with Retry-After at once; nothing else breaks', async () => {
    const a = await registerAccount(t.url);
    const started = Date.now();
    const results = await Promise.all(
      Array.from({ length: 80 }, (_, i) =>
        login(t.url, i % 2 ? a.UserName : `nobody-${i}`, 'Wrong-Password-1', {
          'x-forwarded-for': `192.0.2.${i}`,
        }).then((r) => ({ ...r, ms: Date.now() - started })),
      ),
    );
    const busy = results.filter((r) => r.status === 503);
    expect(results.every((r) => r.status === 401 || r.status === 503)).toBe(true);
    expect(busy.length).toBeGreaterThan(40);
    for (const r of busy) {
      expect(r.headers.get('retry-after')).toBe('1');
      expect(r.body).toEqual({ Success: false, Data: null, Message: expect.stringMatching(/try again/), Errors: null });
    }
    // Unknown names are refused exactly like real ones (no enumeration through the 503 either).
    expect(busy.some((r) => r.text.includes('nobody'))).toBe(false);
    expect(new Set(busy.map((r) => r.text)).size).toBe(1);
    // Once the flood has drained, a real login works.
    expect((await login(t.url, a.UserName, PASSWORD, { 'x-forwarded-for': '203.0.113.99' })).status).toBe(200);
  });
});
