import { isApiEnvelope } from '@corsway/contracts';
import { ENGINES } from '../../test/engines';
import { newAccount } from '../../test/fixtures';
import { request } from '../../test/http-client';
import { startTestApp, type TestApp } from '../../test/test-app';

// Every bad request is a 4xx envelope that says what to fix, and nothing is written.
describe.each(ENGINES)('bad input on %s', (engine) => {
  let t: TestApp;
  let usersBefore: number;

  beforeAll(async () => {
    t = await startTestApp(engine);
    usersBefore = await t.repo.countUsers();
  });
  afterAll(() => t.close());
  afterEach(async () => {
    expect(await t.repo.countUsers()).toBe(usersBefore);
  });

  const good = newAccount();
  const json = (body: unknown) => ({ raw: JSON.stringify(body), headers: { 'content-type': 'application/json' } });

  it.each<[string, { raw?: string; headers?: Record<string, string> }, number, RegExp]>([
    [
      'malformed JSON',
      { raw: '{"Email": "a@b.c",', headers: { 'content-type': 'application/json' } },
      400,
      /not valid JSON/,
    ],
    ['an empty JSON body', { raw: '', headers: { 'content-type': 'application/json' } }, 400, /empty/],
    ['a JSON array', json([good]), 400, /JSON object/],
    ['a JSON string', json('hello'), 400, /JSON object/],
    ['JSON null', json(null), 400, /JSON object/],
    [
      'two concatenated objects',
      { raw: '{"a":1}{"b":2}', headers: { 'content-type': 'application/json' } },
      400,
      /not valid JSON/,
    ],
    [
      '20 000 levels of nesting',
      { raw: '['.repeat(20_000) + ']'.repeat(20_000), headers: { 'content-type': 'application/json' } },
      400,
      /more than 32 levels deep/,
    ],
    // Each of these cost tens of milliseconds of the event loop to transform and validate
    // (the first came back as a 388 KB list of unknown fields): 20 a second stalled every login.
    [
      '4,000 unknown fields',
      json({ ...good, ...Object.fromEntries(Array.from({ length: 4_000 }, (_, i) => [`k${i}`, 0])) }),
      400,
      /more than 64 fields and array elements/,
    ],
    [
      'a field holding an object of 4,000 members',
      json({ ...good, DisplayName: Object.fromEntries(Array.from({ length: 4_000 }, (_, i) => [`k${i}`, 0])) }),
      400,
      /more than 64 fields and array elements/,
    ],
    [
      'a field holding 30,000 array elements',
      json({ ...good, DisplayName: Array(30_000).fill(0) }),
      400,
      /more than 64 fields and array elements/,
    ],
    [
      '__proto__ pollution',
      {
        raw: `{"__proto__":{"IsAdmin":true},${JSON.stringify(good).slice(1)}`,
        headers: { 'content-type': 'application/json' },
      },
      400,
      /not valid JSON/,
    ],
    [
      'constructor.prototype pollution',
      {
        raw: `{"constructor":{"prototype":{"IsAdmin":true}},${JSON.stringify(good).slice(1)}`,
        headers: { 'content-type': 'application/json' },
      },
      400,
      /not valid JSON/,
    ],
    [
      'multipart',
      {
        raw: '--x\r\nContent-Disposition: form-data; name="Email"\r\n\r\na@b.c\r\n--x--\r\n',
        headers: { 'content-type': 'multipart/form-data; boundary=x' },
      },
      415,
      /application\/json/,
    ],
    ['XML', { raw: '<Email>a@b.c</Email>', headers: { 'content-type': 'application/xml' } }, 415, /application\/json/],
    ['text/plain', { raw: JSON.stringify(good), headers: { 'content-type': 'text/plain' } }, 415, /application\/json/],
    [
      'a form body',
      { raw: 'Email=a%40b.c&UserName=abc', headers: { 'content-type': 'application/x-www-form-urlencoded' } },
      415,
      /application\/json/,
    ],
    ['no content type', { raw: JSON.stringify(good) }, 415, /application\/json/],
    // Read as UTF-8 whatever the label said: these were accepted (UTF-8 bytes) or a misleading 400 (UTF-16 bytes).
    [
      'JSON declared as UTF-16',
      { raw: JSON.stringify(good), headers: { 'content-type': 'application/json; charset=utf-16' } },
      415,
      /charset "utf-16".*UTF-8/,
    ],
    [
      'JSON declared as Latin-1',
      { raw: JSON.stringify(good), headers: { 'content-type': 'application/json;charset="ISO-8859-1"' } },
      415,
      /charset "ISO-8859-1"/,
    ],
    [
      'JSON declared with an empty charset',
      { raw: JSON.stringify(good), headers: { 'content-type': 'application/json; charset=' } },
      415,
      /charset ""/,
    ],
    ['a body over 64 KiB', json({ ...good, DisplayName: 'x'.repeat(70 * 1024) }), 413, /larger than 65536 bytes/],
  ])(
    'register with %s: a 4xx envelope that says what to fix, nothing written',
    async (_what, init, status, message) => {
      const res = await request(`${t.url}/user/register`, { method: 'POST', ...init });
      expect(res.status).toBe(status);
      expect(isApiEnvelope(res.body)).toBe(true);
      expect(res.body.Success).toBe(false);
      expect(res.body.Message).toMatch(message);
      expect(res.text.length).toBeLessThan(2_048); // says what to fix, not every field it saw
    },
  );

  it.each<[string, Record<string, unknown>, Record<string, RegExp>]>([
    ['nothing', {}, { Email: /Email/, UserName: /UserName/, Password: /Password/ }],
    ['a bad email', { ...good, Email: 'not-an-email' }, { Email: /valid email/ }],
    ['a short password', { ...good, Password: 'Ab1!xyz' }, { Password: /at least 8/ }],
    ['a 129-character password', { ...good, Password: 'a'.repeat(129) }, { Password: /at most 128/ }],
    // The one rule of @corsway/contracts (NIST SP 800-63B): no composition rules, a blocklist instead.
    ['a plain sequence as password', { ...good, Password: 'abcdefgh' }, { Password: /sequence/ }],
    ['a common password', { ...good, Password: 'Password1' }, { Password: /commonly used/ }],
    ['one repeated character', { ...good, Password: 'zzzzzzzzzz' }, { Password: /repeated/ }],
    ['the user name as password', { ...good, Password: good.UserName.toUpperCase() }, { Password: /user name/ }],
    ['a short user name', { ...good, UserName: 'ab' }, { UserName: /3-32/ }],
    [
      'SQL meta-characters in the user name',
      { ...good, UserName: "x'; DROP TABLE users; --" },
      { UserName: /letters, digits/ },
    ],
    ['a number as password', { ...good, Password: 12345678 }, { Password: /must be a string/ }],
    ['an object as email', { ...good, Email: { $ne: null } }, { Email: /must be a string/ }],
    ['an unknown field', { ...good, IsAdmin: true }, { IsAdmin: /not a known field/ }],
    [
      'a mistyped field',
      { Email: good.Email, UserName: good.UserName, Passwrod: good.Password },
      { Passwrod: /not a known field/, Password: /Password/ },
    ],
    ['a NUL character in the display name', { ...good, DisplayName: 'a\u0000b' }, { DisplayName: /NUL/ }],
    ['a too long display name', { ...good, DisplayName: 'd'.repeat(101) }, { DisplayName: /100/ }],
  ])('register with %s -> 400 with Errors per field', async (_what, body, fields) => {
    const res = await request(`${t.url}/user/register`, { method: 'POST', ...json(body) });
    expect(res.status).toBe(400);
    expect(res.body.Success).toBe(false);
    expect(res.body.Data).toBeNull();
    expect(Object.keys(res.body.Errors ?? {}).sort()).toEqual(Object.keys(fields).sort());
    for (const [field, pattern] of Object.entries(fields)) {
      expect(res.body.Errors![field].join(' ')).toMatch(pattern);
    }
    expect(res.body.Message).toContain(Object.keys(fields)[0]);
  });

  // A value of the wrong type gets the type's message alone; its length rules were listed too
  // ("Password must be shorter than or equal to 128 characters" for an array).
  it.each<[string, Record<string, unknown>, string]>([
    ['an array as password', { ...good, Password: ['a', 'b'] }, 'Password'],
    ['an object as user name', { ...good, UserName: { a: 1 } }, 'UserName'],
    ['a number as display name', { ...good, DisplayName: 7 }, 'DisplayName'],
  ])('register with %s -> only "must be a string" for that field', async (_what, body, field) => {
    const res = await request(`${t.url}/user/register`, { method: 'POST', ...json(body) });
    expect(res.status).toBe(400);
    expect(res.body.Errors).toEqual({ [field]: [`${field} must be a string`] });
  });

  // 5,000 levels once overflowed the stack in validation: a 500 (and at the gateway, five of those ejected
  // the instance for everyone). Now the depth is counted on the raw text first.
  const nested = (levels: number, leaf = '1') => '{"a":'.repeat(levels) + leaf + '}'.repeat(levels);
  it.each<[string, string, string]>([
    ['register', 'a 5,000-level object', nested(5000)],
    ['login', 'a 5,000-level object', nested(5000)],
    ['refresh', 'a 5,000-level object', nested(5000)],
    ['logout', 'a 5,000-level object', nested(5000)],
    ['logout-all', 'a 5,000-level object', nested(5000)],
    [
      'login',
      'a 5,000-level value inside a field',
      `{"EmailOrUserName":${nested(5000)},"Password":"x","ClientId":"web"}`,
    ],
    ['login', '5,000 levels of arrays in a field', `{"Password":${'['.repeat(5000)}${']'.repeat(5000)}}`],
    ['register', '33 levels', nested(33)],
  ])('%s with %s -> 400 naming the nesting, never 500', async (path, _what, raw) => {
    const res = await request(`${t.url}/user/${path}`, {
      method: 'POST',
      raw,
      headers: { 'content-type': 'application/json' },
    });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({
      Success: false,
      Data: null,
      Message: 'The request body nests objects or arrays more than 32 levels deep. Send a flat JSON object.',
      Errors: null,
    });
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('32 levels are within the limit: validation answers (400 naming the field), not the depth check', async () => {
    const res = await request(`${t.url}/user/login`, {
      method: 'POST',
      raw: `{"EmailOrUserName":${nested(31)},"Password":"x","ClientId":"web"}`,
      headers: { 'content-type': 'application/json' },
    });
    expect(res.status).toBe(400);
    expect(Object.keys(res.body.Errors ?? {})).toEqual(['EmailOrUserName']);
  });

  it('deeply nested strings with brackets inside are not nesting', async () => {
    const res = await request(`${t.url}/user/login`, {
      method: 'POST',
      raw: JSON.stringify({ EmailOrUserName: '{'.repeat(100) + '"\\[', Password: 'x', ClientId: 'web' }),
      headers: { 'content-type': 'application/json' },
    });
    expect(res.status).toBe(401);
  });

  it.each<[string, Record<string, unknown>, string[]]>([
    ['nothing', {}, ['ClientId', 'EmailOrUserName', 'Password']],
    ['a number as password', { EmailOrUserName: 'demo', Password: 1, ClientId: 'web' }, ['Password']],
    [
      'an extra field',
      { EmailOrUserName: 'demo', Password: 'Demo@12345', ClientId: 'web', Remember: true },
      ['Remember'],
    ],
    [
      'a NUL character in the login',
      { EmailOrUserName: 'demo\u0000', Password: 'Demo@12345', ClientId: 'web' },
      ['EmailOrUserName'],
    ],
    ['an empty ClientId', { EmailOrUserName: 'demo', Password: 'Demo@12345', ClientId: '' }, ['ClientId']],
  ])('login with %s -> 400 naming %j', async (_what, body, fields) => {
    const res = await request(`${t.url}/user/login`, { method: 'POST', ...json(body) });
    expect(res.status).toBe(400);
    expect(Object.keys(res.body.Errors ?? {}).sort()).toEqual(fields);
  });

  it.each<[string, string, Record<string, unknown>, string[]]>([
    ['refresh', 'a number as RefreshToken', { RefreshToken: 123 }, ['RefreshToken']],
    ['refresh', 'an array as ClientId', { RefreshToken: 'x', ClientId: ['web'] }, ['ClientId']],
    ['refresh', 'an unknown field', { RefreshToken: 'x', UserId: 'someone' }, ['UserId']],
    ['logout', 'an empty RefreshToken', { RefreshToken: '' }, ['RefreshToken']],
    ['logout', 'an unknown field', { All: true }, ['All']],
  ])('%s with %s -> 400 naming %j', async (path, _what, body, fields) => {
    const res = await request(`${t.url}/user/${path}`, { method: 'POST', ...json(body) });
    expect(res.status).toBe(400);
    expect(Object.keys(res.body.Errors ?? {}).sort()).toEqual(fields);
  });

  it('a 20 KiB header -> 431 envelope (Node rejects it before any route runs)', async () => {
    const res = await request(`${t.url}/user/me`, { headers: { 'x-padding': 'p'.repeat(20 * 1024) } });
    expect(res.status).toBe(431);
    expect(res.body).toEqual({
      Success: false,
      Data: null,
      Message: expect.stringMatching(/headers are too large/),
      Errors: null,
    });
    expect((await request(`${t.url}/health`)).status).toBe(200);
  });

  it('treats SQL meta-characters in a login as plain text: 401, not an error or a match', async () => {
    const res = await request(`${t.url}/user/login`, {
      method: 'POST',
      ...json({ EmailOrUserName: "' OR '1'='1' --", Password: "' OR '1'='1", ClientId: "web' OR '1'='1" }),
    });
    expect(res.status).toBe(403); // the ClientId is checked first, literally
    const res2 = await request(`${t.url}/user/login`, {
      method: 'POST',
      ...json({ EmailOrUserName: "' OR '1'='1' --", Password: "' OR '1'='1", ClientId: 'web' }),
    });
    expect(res2.status).toBe(401);
  });

  it.each([
    ['GET', '/nowhere', 404],
    ['GET', '/user/login', 404],
    ['DELETE', '/user/me', 404],
  ])('%s %s -> %i envelope naming the route', async (method, path, status) => {
    const res = await request(`${t.url}${path}`, { method });
    expect(res.status).toBe(status);
    expect(res.body).toEqual({ Success: false, Data: null, Message: expect.stringContaining(path), Errors: null });
  });
});

describe('JSON bodies labelled UTF-8, in the spellings a client may send', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startTestApp('sqlite')));
  afterAll(() => t.close());

  it.each([
    'application/json',
    'application/json; charset=utf-8',
    'application/json;charset=UTF-8', // what XMLHttpRequest sends for a string body
    'application/json; charset="utf-8"',
    'application/json; charset=utf8',
  ])('%s -> 201', async (contentType) => {
    const res = await request(`${t.url}/user/register`, {
      method: 'POST',
      raw: JSON.stringify(newAccount()),
      headers: { 'content-type': contentType },
    });
    expect(res.status).toBe(201);
  });
});
