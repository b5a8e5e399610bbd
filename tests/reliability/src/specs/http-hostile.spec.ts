import { login, me, newAccount, PASSWORD, register, signedIn } from '../support/accounts';
import type { RunningApp } from '@corsway/testing';
import { WEB_ORIGIN } from '../support/gateway-config';
import { call, type Exchange, isEnvelope } from '../support/http';
import { ENGINES, type ServiceOnEngine, userServiceOn } from '../support/engines';
import { useStack } from '../support/system';
import { type RowCounter, sqliteCounter } from '../support/user-count';

/**
 * Hostile HTTP input: malformed JSON, wrong
 * content types, oversize bodies and headers, unknown fields, wrong types and
 * SQL meta-characters in every field. Each gets a clear 4xx envelope, never a
 * 500, and nothing is written (counted in the database itself).
 */

const valid = () => ({ ...newAccount('hx'), DisplayName: 'Hostile Input' });
const json = (body: string) => ({ body, headers: { 'content-type': 'application/json' } });

type Req = { body?: string | Uint8Array; headers?: Record<string, string> };
const MALFORMED: [string, string, Req, number][] = [
  ['truncated JSON', 'register', json('{"Email":'), 400],
  ['a lone brace', 'register', json('{'), 400],
  ['two objects', 'register', json('{"a":1}{"b":2}'), 400],
  ['single quotes', 'register', json("{'Email':'a@b.c'}"), 400],
  ['trailing comma', 'register', json('{"Email":"a@b.c",}'), 400],
  ['empty body with JSON type', 'register', json(''), 400],
  ['a JSON array', 'register', json('[]'), 400],
  ['JSON null', 'register', json('null'), 400],
  ['a JSON string', 'register', json('"hello"'), 400],
  ['a JSON number', 'login', json('42'), 400],
  ['20 000 levels of nesting', 'register', json(`${'['.repeat(20_000)}${']'.repeat(20_000)}`), 400],
  ['__proto__ pollution', 'register', json(`{"__proto__":{"IsAdmin":true},${JSON.stringify(valid()).slice(1)}`), 400],
  ['constructor.prototype pollution', 'register', json(`{"constructor":{"prototype":{"IsAdmin":true}},${JSON.stringify(valid()).slice(1)}`), 400],
  ['invalid UTF-8 bytes', 'register', { body: Buffer.concat([Buffer.from('{"Email":"'), Buffer.from([0xff, 0xfe, 0xc3]), Buffer.from('"}')]), headers: { 'content-type': 'application/json' } }, 400],
  ['text/plain', 'register', { body: JSON.stringify(valid()), headers: { 'content-type': 'text/plain' } }, 415],
  ['a form post', 'login', { body: 'EmailOrUserName=demo&Password=Demo%4012345&ClientId=web', headers: { 'content-type': 'application/x-www-form-urlencoded' } }, 415],
  ['multipart', 'register', { body: '--x\r\nContent-Disposition: form-data; name="Email"\r\n\r\na@b.c\r\n--x--\r\n', headers: { 'content-type': 'multipart/form-data; boundary=x' } }, 415],
  ['XML', 'register', { body: '<Email>a@b.c</Email>', headers: { 'content-type': 'application/xml' } }, 415],
  ['no Content-Type at all', 'register', { body: new TextEncoder().encode(JSON.stringify(valid())) }, 415],
  ['unknown field IsAdmin', 'register', json(JSON.stringify({ ...valid(), IsAdmin: true })), 400],
  ['unknown field Id', 'register', json(JSON.stringify({ ...valid(), Id: '00000000-0000-0000-0000-000000000000' })), 400],
  ['Email as a number', 'register', json(JSON.stringify({ ...valid(), Email: 12345 })), 400],
  ['Password as an array', 'register', json(JSON.stringify({ ...valid(), Password: [PASSWORD] })), 400],
  ['UserName as an object', 'register', json(JSON.stringify({ ...valid(), UserName: { $ne: null } })), 400],
  ['Password as null', 'login', json(JSON.stringify({ EmailOrUserName: 'demo', Password: null, ClientId: 'web' })), 400],
  ['EmailOrUserName as {$gt: ""} (NoSQL-style)', 'login', json(JSON.stringify({ EmailOrUserName: { $gt: '' }, Password: { $gt: '' }, ClientId: 'web' })), 400],
  ['Password of 10 000 characters', 'register', json(JSON.stringify({ ...valid(), Password: 'Aa1!'.repeat(2_500) })), 400],
  ['body of 70 KiB (limit 64 KiB)', 'register', json(JSON.stringify({ ...valid(), DisplayName: 'x'.repeat(70 * 1024) })), 413],
];

describe('hostile HTTP input gets a clear 4xx envelope and writes nothing', () => {
  let userService: RunningApp & { dataDir: string };
  let gateway: RunningApp;
  let rows: RowCounter;
  const stack = useStack();

  beforeAll(async () => {
    ({ userService, gateway } = stack());
    rows = sqliteCounter(userService.dataDir);
  });

  const targets = [
    ['user-service', () => `${userService.url}/user`],
    ['gateway', () => `${gateway.url}/users/user`],
  ] as const;

  describe.each(targets)('via %s', (via, base) => {
    it.each(MALFORMED)('%s → %i envelope, nothing written', async (_name, endpoint, req, status) => {
      const before = { users: await rows.users(), tokens: await rows.refreshTokens() };
      const res = await call('POST', `${base()}/${endpoint}`, { body: req.body, headers: { origin: WEB_ORIGIN, ...req.headers } });
      expectEnvelope(res, status, via);
      expect({ users: await rows.users(), tokens: await rows.refreshTokens() }).toEqual(before);
    });

    it('unknown fields are named in Errors', async () => {
      const res = await call('POST', `${base()}/register`, { json: { ...valid(), IsAdmin: true, Role: 'admin' }, headers: { origin: WEB_ORIGIN } });
      expectEnvelope(res, 400, via);
      expect(Object.keys(res.body?.Errors ?? {})).toEqual(expect.arrayContaining(['IsAdmin', 'Role']));
    });

    it('a 20 KiB header → 431 envelope (Node rejects it before the app; the answer must still be readable)', async () => {
      const res = await call('GET', `${base()}/me`, { headers: { origin: WEB_ORIGIN, 'x-padding': 'p'.repeat(20 * 1024) } });
      expect(res.status).toBe(431);
      expect(isEnvelope(res.body)).toBe(true);
    });
  });

  it('gateway: an 11 MiB body → 413 envelope from the gateway (proxy.maxBodyBytes 10 MiB), nothing written', async () => {
    const before = await rows.users();
    const big = JSON.stringify({ ...valid(), DisplayName: 'x'.repeat(11 * 1024 * 1024) });
    const res = await call('POST', `${gateway.url}/users/user/register`, { body: big, headers: { 'content-type': 'application/json', origin: WEB_ORIGIN }, timeoutMs: 30_000 }).catch((e) => e as Error);
    // The gateway may close the connection after answering 413 while the client still sends: that is allowed.
    if (!(res instanceof Error)) expectEnvelope(res, 413, 'gateway');
    expect(await rows.users()).toBe(before);
    // And it keeps serving.
    expect((await call('GET', `${gateway.url}/users/health`)).status).toBeLessThan(500);
  });
});

// Kept short (each value costs argon2 hashes on two engines); one of each family of trick.
const SQL_META = [
  "' OR '1'='1",
  "'; DROP TABLE users; --",
  '" OR ""="',
  "1; SELECT pg_sleep(5); --",
  "' UNION SELECT id, email, password_hash FROM users --",
  "\\'; --",
  '%_%',
  '$1',
  // NUL: PostgreSQL text cannot hold it; SQLite can. Must be a 4xx (or stored verbatim), never a 500.
  'Robert\u0000); DROP TABLE users;--',
];

describe.each(ENGINES)('SQL meta-characters in every field, %s', (engine) => {
  let userService: RunningApp;
  let svc: ServiceOnEngine;
  let rows: RowCounter;

  beforeAll(async () => {
    svc = await userServiceOn(engine);
    ({ app: userService, rows } = svc);
  });
  afterAll(() => svc?.stop());

  it.each(SQL_META)('register with %j in each field: 4xx and no row, or 201 and stored verbatim', async (meta) => {
    for (const field of ['Email', 'UserName', 'Password', 'DisplayName'] as const) {
      const account = { ...valid(), DisplayName: 'SQL' };
      const value = field === 'Email' ? `a${meta}@example.com` : field === 'Password' ? `${meta}Aa1!pass` : meta;
      const body = { ...account, [field]: value };
      const before = await rows.users();
      const res = await register(userService.url, body);
      const context = { field, meta, status: res.status, message: res.body?.Message };
      expect(isEnvelope(res.body)).toBe(true);
      if (res.status === 201) {
        expect(await rows.users()).toBe(before + 1);
        const signIn = await login(userService.url, body.UserName, body.Password);
        expect({ ...context, login: signIn.status }).toEqual({ ...context, login: 200 });
        const profile = await me(userService.url, signIn.body!.Data.AccessToken);
        expect(profile.body?.Data).toMatchObject({ Email: body.Email.toLowerCase() === body.Email ? body.Email : expect.any(String), UserName: body.UserName, DisplayName: body.DisplayName });
      } else {
        expect({ ...context, clientError: res.status >= 400 && res.status < 500 }).toEqual({ ...context, clientError: true });
        expect(await rows.users()).toBe(before);
      }
    }
  });

  it.each(SQL_META)('login/refresh/logout with %j in each field never sign anyone in and never 500', async (meta) => {
    const victim = await signedIn(userService.url);
    const tokensBefore = await rows.refreshTokens();
    const attempts: [string, () => Promise<Exchange>][] = [
      ['login EmailOrUserName', () => login(userService.url, meta, PASSWORD)],
      ['login EmailOrUserName suffix', () => login(userService.url, `${victim.account.UserName}${meta}`, PASSWORD)],
      ['login Password', () => login(userService.url, victim.account.UserName, meta)],
      ['login ClientId', () => call('POST', `${userService.url}/user/login`, { json: { EmailOrUserName: victim.account.UserName, Password: PASSWORD, ClientId: meta } })],
      ['refresh RefreshToken', () => call('POST', `${userService.url}/user/refresh`, { json: { RefreshToken: meta, ClientId: 'web' } })],
      ['refresh ClientId', () => call('POST', `${userService.url}/user/refresh`, { json: { RefreshToken: victim.refreshToken, ClientId: meta } })],
      ['logout RefreshToken', () => call('POST', `${userService.url}/user/logout`, { json: { RefreshToken: meta } })],
      ['refresh cookie', () => call('POST', `${userService.url}/user/refresh`, { json: {}, headers: { cookie: `refresh_token=${encodeURIComponent(meta)}` } })],
    ];
    for (const [what, attempt] of attempts) {
      const res = await attempt();
      const outcome = { what, meta, status: res.status, envelope: isEnvelope(res.body) };
      // logout is idempotent (200 for an unknown token, 400 for a malformed one); everything else is refused.
      const expected = what.startsWith('logout') ? [200, 400] : [400, 401, 403];
      expect({ ...outcome, ok: expected.includes(res.status) }).toEqual({ ...outcome, envelope: true, ok: true });
      expect(res.body?.Data?.AccessToken).toBeUndefined();
    }
    expect(await rows.refreshTokens()).toBe(tokensBefore);
    // The victim's session is intact: nothing above touched it.
    expect((await me(userService.url, victim.accessToken)).status).toBe(200);
    expect((await login(userService.url, 'demo', 'Demo@12345')).status).toBe(200);
  });
});

function expectEnvelope(res: Exchange, status: number, via: string): void {
  expect({ status: res.status, envelope: isEnvelope(res.body), success: res.body?.Success }).toEqual({ status, envelope: true, success: false });
  expect(res.body?.Message).toMatch(/\w{3,}/);
  if (via === 'gateway') expect(res.headers.get('access-control-allow-origin')).toBe(WEB_ORIGIN);
}
