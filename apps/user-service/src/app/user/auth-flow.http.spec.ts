import {
  REFRESH_COOKIE_NAME,
  SECURE_REFRESH_COOKIE_NAME,
  isApiEnvelope,
  type LoginData,
  type PublicUser,
} from '@corsway/contracts';
import { ENGINES } from '../../test/engines';
import { CLI_CLIENT, PASSWORD, login, newAccount, registerAccount } from '../../test/fixtures';
import { cookieValue, post, request, setCookie } from '../../test/http-client';
import { startTestApp, type TestApp } from '../../test/test-app';
import { DEMO_USER } from '../seed/seed.service';

// Short, so the replay tests wait for it on the real (database) clock instead of moving a test clock.
const LEEWAY_MS = 1_000;
const pastLeeway = () => new Promise((r) => setTimeout(r, LEEWAY_MS + 200));

// Accounts and tokens (README.md), through real HTTP, once per database engine.
describe.each(ENGINES)('user-service auth flow on %s', (engine) => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp(engine, { config: { refreshLeewayMs: LEEWAY_MS } });
  });
  afterAll(() => t.close());

  describe('register, login, me', () => {
    it('registers (201, public profile only), logs in (200, tokens + cookie) and reads /user/me', async () => {
      const account = newAccount();
      const reg = await post<PublicUser>(`${t.url}/user/register`, account);
      expect(reg.status).toBe(201);
      expect(reg.body).toEqual({
        Success: true,
        Data: {
          Id: expect.any(String),
          Email: account.Email,
          UserName: account.UserName,
          DisplayName: account.DisplayName,
        },
        Message: expect.any(String),
        Errors: null,
      });
      expect(reg.text).not.toContain('hash');

      const res = await login(t.url, account.UserName, PASSWORD, {}, CLI_CLIENT);
      expect(res.status).toBe(200);
      const data = res.body.Data!;
      expect(data).toEqual({
        AccessToken: expect.stringMatching(/^[\w-]+\.[\w-]+\.[\w-]+$/),
        RefreshToken: expect.stringMatching(/^[\w-]{43}$/), // 32 random bytes, base64url
        ExpiresIn: 900,
        TokenType: 'Bearer',
        Id: reg.body.Data!.Id,
        Email: account.Email,
        UserName: account.UserName,
        DisplayName: account.DisplayName,
      });
      const cookie = setCookie(res.headers, REFRESH_COOKIE_NAME)!;
      expect(cookie).toContain(`${REFRESH_COOKIE_NAME}=${data.RefreshToken}`);
      expect(cookie).toMatch(/; HttpOnly/);
      expect(cookie).toMatch(/; SameSite=Strict/);
      expect(cookie).toMatch(/; Path=\/users\/user(;|$)/);
      expect(cookie).not.toMatch(/; Secure/);
      expect(res.headers.get('cache-control')).toBe('no-store');
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');

      const me = await request<PublicUser>(`${t.url}/user/me`, {
        headers: { authorization: `Bearer ${data.AccessToken}` },
      });
      expect(me.status).toBe(200);
      expect(me.body.Data).toEqual(reg.body.Data);
    });

    it('logs in by email, in any letter case', async () => {
      const a = await registerAccount(t.url);
      expect((await login(t.url, a.Email.toUpperCase())).status).toBe(200);
      expect((await login(t.url, a.UserName.toUpperCase())).status).toBe(200);
    });

    it('defaults DisplayName to the user name', async () => {
      const { DisplayName: _omit, ...account } = newAccount();
      const reg = await post<PublicUser>(`${t.url}/user/register`, account);
      expect(reg.body.Data!.DisplayName).toBe(account.UserName);
    });

    it('seeds the demo user of the root README outside production', async () => {
      const res = await login(t.url, DEMO_USER.userName, DEMO_USER.password);
      expect(res.status).toBe(200);
      expect(res.body.Data).toMatchObject({
        Email: DEMO_USER.email,
        UserName: 'demo',
        DisplayName: DEMO_USER.displayName,
      });
    });

    it('gives the browser client (web) the refresh token only in the HttpOnly cookie, never in the body', async () => {
      const a = await registerAccount(t.url);
      const res = await login(t.url, a.UserName);
      expect(res.status).toBe(200);
      expect(res.body.Data).not.toHaveProperty('RefreshToken');
      expect(res.text).not.toContain(cookieValue(res.headers, REFRESH_COOKIE_NAME));
      const refreshed = await post<LoginData>(
        `${t.url}/user/refresh`,
        { ClientId: 'web' },
        {
          cookie: `${REFRESH_COOKIE_NAME}=${cookieValue(res.headers, REFRESH_COOKIE_NAME)}`,
        },
      );
      expect(refreshed.status).toBe(200);
      expect(refreshed.body.Data).not.toHaveProperty('RefreshToken');
      expect(refreshed.headers.get('cache-control')).toBe('no-store');
      expect(setCookie(refreshed.headers, REFRESH_COOKIE_NAME)).toMatch(/HttpOnly/);
    });

    it('over https (a trusted proxy says so) the cookie is Secure and named __Secure-refresh_token', async () => {
      const a = await registerAccount(t.url);
      const res = await login(t.url, a.UserName, PASSWORD, { 'x-forwarded-proto': 'https' });
      const cookie = setCookie(res.headers, SECURE_REFRESH_COOKIE_NAME)!;
      expect(cookie).toMatch(/; Secure/);
      expect(cookie).toMatch(/; Path=\/users\/user(;|$)/);
      expect(setCookie(res.headers, REFRESH_COOKIE_NAME)).toBeUndefined();
      const https = { 'x-forwarded-proto': 'https' };
      const token = cookieValue(res.headers, SECURE_REFRESH_COOKIE_NAME);
      // Over https only the prefixed cookie counts: a plain one (settable by an http page) is ignored.
      const plain = await post(`${t.url}/user/refresh`, {}, { ...https, cookie: `${REFRESH_COOKIE_NAME}=${token}` });
      expect(plain.status).toBe(400);
      const ok = await post(
        `${t.url}/user/refresh`,
        {},
        { ...https, cookie: `${SECURE_REFRESH_COOKIE_NAME}=${token}` },
      );
      expect(ok.status).toBe(200);
    });

    it.each([
      ['no header', {}],
      ['a malformed token', { authorization: 'Bearer not.a.jwt' }],
      ['a non-bearer scheme', { authorization: 'Basic ZGVtbzpEZW1vQDEyMzQ1' }],
    ])('/user/me with %s is 401 in the envelope', async (_what, headers) => {
      const res = await request(`${t.url}/user/me`, { headers });
      expect(res.status).toBe(401);
      expect(isApiEnvelope(res.body)).toBe(true);
      expect(res.body.Success).toBe(false);
      expect(res.body.Message).toMatch(/access token/i);
    });
  });

  describe('duplicates', () => {
    it.each([
      ['the same email', (a: { Email: string }) => ({ Email: a.Email }), 'Email'],
      ['the email in other case', (a: { Email: string }) => ({ Email: a.Email.toUpperCase() }), 'Email'],
      ['the same user name', (a: { UserName: string }) => ({ UserName: a.UserName }), 'UserName'],
      [
        'the user name in other case',
        (a: { UserName: string }) => ({ UserName: a.UserName.toUpperCase() }),
        'UserName',
      ],
    ])('409 for %s, naming the field', async (_what, clash, field) => {
      const first = await registerAccount(t.url);
      const res = await post(`${t.url}/user/register`, { ...newAccount(), ...clash(first) });
      expect(res.status).toBe(409);
      expect(res.body.Success).toBe(false);
      expect(res.body.Errors).toEqual({ [field]: [expect.any(String)] });
    });

    it('lets exactly one of 8 concurrent registrations of one name through (the database decides)', async () => {
      const base = newAccount();
      const results = await Promise.all(
        Array.from({ length: 8 }, (_, i) =>
          post(`${t.url}/user/register`, {
            ...base,
            Email: `${i}${base.Email}`,
            UserName: i % 2 ? base.UserName : base.UserName.toUpperCase(),
          }),
        ),
      );
      expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409, 409, 409, 409]);
    });
  });

  describe('credentials and clients', () => {
    it('answers an unknown user and a wrong password identically, verifying a dummy hash for the unknown one', async () => {
      const a = await registerAccount(t.url);
      const { PasswordHasher } = await import('../accounts/password.hasher');
      const hasher = t.app.get(PasswordHasher);
      const before = hasher.dummyVerifications;
      const unknown = await login(t.url, 'no-such-user-xyz', PASSWORD);
      expect(hasher.dummyVerifications).toBe(before + 1);
      const wrong = await login(t.url, a.UserName, 'Wrong-Password-1');
      expect(hasher.dummyVerifications).toBe(before + 1);
      expect(unknown.status).toBe(401);
      expect(wrong.status).toBe(401);
      expect(unknown.body).toEqual(wrong.body);
      expect([...unknown.headers.keys()].filter((h) => h !== 'date' && h !== 'x-request-id')).toEqual(
        [...wrong.headers.keys()].filter((h) => h !== 'date' && h !== 'x-request-id'),
      );
    });

    it('rejects an unknown ClientId with 403 and issues nothing', async () => {
      const a = await registerAccount(t.url);
      const res = await post(`${t.url}/user/login`, {
        EmailOrUserName: a.UserName,
        Password: PASSWORD,
        ClientId: 'evil-app',
      });
      expect(res.status).toBe(403);
      expect(res.body.Message).toMatch(/client/i);
      expect(res.headers.getSetCookie()).toEqual([]);
    });

    it('writes audit lines for login success and failure, with the request id and no password', async () => {
      const a = await registerAccount(t.url);
      await login(t.url, a.UserName, PASSWORD, { 'x-request-id': 'audit-ok-1' });
      await login(t.url, a.UserName, 'Wrong-Password-1', { 'x-request-id': 'audit-bad-1' });
      const audit = t.logs.filter((l) => typeof l['audit'] === 'string');
      expect(audit).toContainEqual(
        expect.objectContaining({
          audit: 'login.success',
          userId: a.id,
          req: expect.objectContaining({ id: 'audit-ok-1' }),
        }),
      );
      expect(audit).toContainEqual(
        expect.objectContaining({
          audit: 'login.failure',
          userId: a.id,
          req: expect.objectContaining({ id: 'audit-bad-1' }),
        }),
      );
      expect(JSON.stringify(t.logs)).not.toContain('Wrong-Password-1');
    });
  });

  describe('refresh tokens', () => {
    // The non-browser client, so each test can hold its token in hand.
    async function session() {
      const a = await registerAccount(t.url);
      const res = await login(t.url, a.UserName, PASSWORD, {}, CLI_CLIENT);
      const data = res.body.Data!;
      return { account: a, data: { ...data, RefreshToken: data.RefreshToken! } };
    }
    const refresh = (token: string, extra: Record<string, unknown> = {}) =>
      post<LoginData>(`${t.url}/user/refresh`, { RefreshToken: token, ...extra });

    it('rotates: a new pair and cookie, the old token consumed', async () => {
      const { data } = await session();
      const first = await refresh(data.RefreshToken, { ClientId: CLI_CLIENT });
      expect(first.status).toBe(200);
      expect(first.body.Data!.RefreshToken).not.toBe(data.RefreshToken);
      expect(first.body.Data!.AccessToken).toBeTruthy();
      expect(first.body.Data!.UserName).toBe(data.UserName);
      expect(setCookie(first.headers, REFRESH_COOKIE_NAME)).toContain(first.body.Data!.RefreshToken!);
      const second = await refresh(first.body.Data!.RefreshToken!);
      expect(second.status).toBe(200);
    });

    it('accepts the token from the refresh_token cookie', async () => {
      const { data } = await session();
      const res = await post<LoginData>(
        `${t.url}/user/refresh`,
        {},
        { cookie: `${REFRESH_COOKIE_NAME}=${data.RefreshToken}` },
      );
      expect(res.status).toBe(200);
    });

    it('detects reuse: a consumed token revokes the whole family (401), and logs an audit line', async () => {
      const { data, account } = await session();
      const rotated = await refresh(data.RefreshToken);
      await pastLeeway(); // a replay, not a parallel duplicate
      const replay = await refresh(data.RefreshToken);
      expect(replay.status).toBe(401);
      expect(replay.body.Success).toBe(false);
      // The legitimate successor dies with the family.
      expect((await refresh(rotated.body.Data!.RefreshToken!)).status).toBe(401);
      expect(t.logs).toContainEqual(expect.objectContaining({ audit: 'refresh.reuse', userId: account.id }));
    });

    it("judges race vs replay on the database's clock, not the instance's: a skewed instance clock changes nothing", async () => {
      const { data, account } = await session();
      const rotated = await refresh(data.RefreshToken);
      t.clock.advance(3600); // this instance's clock jumps an hour ahead: still a race on the database clock
      const duplicate = await refresh(data.RefreshToken);
      t.clock.advance(-3600);
      expect(duplicate.status).toBe(401);
      expect((await refresh(rotated.body.Data!.RefreshToken!)).status).toBe(200); // the family survived
      expect(t.logs).not.toContainEqual(expect.objectContaining({ audit: 'refresh.reuse', userId: account.id }));
    });

    it('lets exactly one of 50 concurrent refreshes of one token win, and the family survives for the winner', async () => {
      const { data, account } = await session();
      const results = await Promise.all(Array.from({ length: 50 }, () => refresh(data.RefreshToken)));
      const statuses = results.map((r) => r.status);
      expect(statuses.filter((s) => s === 200)).toHaveLength(1);
      expect(statuses.filter((s) => s === 401)).toHaveLength(49);
      // Losers raced within the leeway: not a replay, so the winner's successor still works.
      expect(t.logs).toContainEqual(expect.objectContaining({ audit: 'refresh.race', userId: account.id }));
      const winner = results.find((r) => r.status === 200)!;
      expect((await refresh(winner.body.Data!.RefreshToken!)).status).toBe(200);
      // Later, the same rotated token is a replay: the family goes.
      await pastLeeway();
      expect((await refresh(data.RefreshToken)).status).toBe(401);
      expect(t.logs).toContainEqual(expect.objectContaining({ audit: 'refresh.reuse', userId: account.id }));
    });

    it.each([
      ['an unknown token', () => 'A'.repeat(43), {}],
      ['another client', null, { ClientId: 'other' }],
    ])('401 for %s', async (_what, tokenOf, extra) => {
      const { data } = await session();
      const res = await refresh(tokenOf ? tokenOf() : data.RefreshToken, extra);
      expect(res.status).toBe(401);
      expect(res.body.Message).toMatch(/sign in again/i);
    });

    it('expires refresh tokens after the idle timeout and after the absolute lifetime', async () => {
      const idle = await session();
      t.clock.advance(15 * 86400); // idle default 14 days
      expect((await refresh(idle.data.RefreshToken)).status).toBe(401);
      t.clock.advance(-15 * 86400);

      const active = await session();
      let token = active.data.RefreshToken;
      for (let day = 0; day < 29; day += 7) {
        t.clock.advance(7 * 86400); // used weekly: never idle, but the family is 30 days old at the end
        const r = await refresh(token);
        if (day + 7 < 30) {
          expect(r.status).toBe(200);
          token = r.body.Data!.RefreshToken!;
        } else {
          expect(r.status).toBe(401);
        }
      }
      t.clock.advance(-35 * 86400);
    });

    it('400 names the missing token when neither body nor cookie has one, and sets no cookie', async () => {
      const res = await post(`${t.url}/user/refresh`, {});
      expect(res.status).toBe(400);
      expect(res.body.Errors).toEqual({ RefreshToken: [expect.any(String)] });
      expect(res.headers.getSetCookie()).toEqual([]);
    });

    it.each(['refresh', 'logout'])(
      '%s with two refresh cookies -> 400, nothing consumed or revoked, no Set-Cookie',
      async (path) => {
        const victim = await session();
        const planted = await session();
        const res = await post(
          `${t.url}/user/${path}`,
          {},
          {
            cookie: `${REFRESH_COOKIE_NAME}=${planted.data.RefreshToken}; ${REFRESH_COOKIE_NAME}=${victim.data.RefreshToken}`,
          },
        );
        expect(res.status).toBe(400);
        expect(res.body.Message).toMatch(/2 refresh_token cookies; send exactly one/);
        expect(res.headers.getSetCookie()).toEqual([]);
        expect((await refresh(victim.data.RefreshToken)).status).toBe(200);
        expect((await refresh(planted.data.RefreshToken)).status).toBe(200);
      },
    );

    it.each<[string, (token: string) => string, number]>([
      ['among other cookies', (tk) => `a=1; ${REFRESH_COOKIE_NAME}=${tk}; b=2`, 200],
      ['quoted', (tk) => `${REFRESH_COOKIE_NAME}="${tk}"`, 200],
      ['a bare name without "="', () => `${REFRESH_COOKIE_NAME}X`, 400],
      ['a longer name that starts with it', (tk) => `${REFRESH_COOKIE_NAME}2=${tk}`, 400],
      ['an empty value', () => `${REFRESH_COOKIE_NAME}=`, 400],
    ])('reads the refresh cookie when it is %s (200 if usable, else 400 "no token")', async (_what, header, status) => {
      const { data } = await session();
      const res = await post(`${t.url}/user/refresh`, {}, { cookie: header(data.RefreshToken) });
      expect(res.status).toBe(status);
    });

    it('a failed refresh with a body token leaves the caller cookie alone', async () => {
      const res = await post(
        `${t.url}/user/refresh`,
        { RefreshToken: 'A'.repeat(43) },
        {
          cookie: `${REFRESH_COOKIE_NAME}=someone-elses`,
        },
      );
      expect(res.status).toBe(401);
      expect(res.headers.getSetCookie()).toEqual([]);
    });

    it('a failed refresh with a cookie clears that cookie (same Path it was set with)', async () => {
      const res = await post(`${t.url}/user/refresh`, {}, { cookie: `${REFRESH_COOKIE_NAME}=${'B'.repeat(43)}` });
      expect(res.status).toBe(401);
      expect(setCookie(res.headers, REFRESH_COOKIE_NAME)).toMatch(/^refresh_token=;.*Path=\/users\/user/);
    });

    it.each([
      ['logout', {}],
      ['logout-all', null],
    ])('%s without a refresh cookie answers 200 and sends no Set-Cookie', async (path, auth) => {
      const { data } = await session();
      const headers: Record<string, string> = auth === null ? { authorization: `Bearer ${data.AccessToken}` } : {};
      const res = await post(`${t.url}/user/${path}`, {}, headers);
      expect(res.status).toBe(200);
      expect(res.headers.getSetCookie()).toEqual([]);
    });

    it('logout revokes the family, clears the cookie, and is idempotent', async () => {
      const { data, account } = await session();
      const other = await login(t.url, account.UserName, PASSWORD, {}, CLI_CLIENT); // a second device: a second family
      const out = await post(`${t.url}/user/logout`, {}, { cookie: `${REFRESH_COOKIE_NAME}=${data.RefreshToken}` });
      expect(out.status).toBe(200);
      expect(setCookie(out.headers, REFRESH_COOKIE_NAME)).toMatch(
        /^refresh_token=;.*Max-Age=0|Expires=Thu, 01 Jan 1970/,
      );
      expect((await refresh(data.RefreshToken)).status).toBe(401);
      expect((await refresh(other.body.Data!.RefreshToken!)).status).toBe(200);
      expect((await post(`${t.url}/user/logout`, { RefreshToken: data.RefreshToken })).status).toBe(200);
      expect(t.logs).toContainEqual(expect.objectContaining({ audit: 'logout', userId: account.id }));
    });

    it('logout-all (Bearer) revokes every family of the user', async () => {
      const { data, account } = await session();
      const other = await login(t.url, account.UserName, PASSWORD, {}, CLI_CLIENT);
      expect((await post(`${t.url}/user/logout-all`, {})).status).toBe(401);
      const out = await post<{ Revoked: number }>(
        `${t.url}/user/logout-all`,
        {},
        { authorization: `Bearer ${data.AccessToken}` },
      );
      expect(out.status).toBe(200);
      expect(out.body.Data).toEqual({ Revoked: 2 });
      expect((await refresh(data.RefreshToken)).status).toBe(401);
      expect((await refresh(other.body.Data!.RefreshToken!)).status).toBe(401);
      expect(t.logs).toContainEqual(expect.objectContaining({ audit: 'logout.all', userId: account.id, revoked: 2 }));
    });
  });
});
