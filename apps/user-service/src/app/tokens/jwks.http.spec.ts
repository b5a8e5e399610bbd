import { ACCESS_TOKEN_AUDIENCE, ACCESS_TOKEN_ISSUER, ACCESS_TOKEN_TYPE, type PublicUser } from '@corsway/contracts';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import jwt from 'jsonwebtoken';
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { login, registerAccount } from '../../test/fixtures';
import { request } from '../../test/http-client';
import { startTestApp, type TestApp } from '../../test/test-app';
import { thumbprint, type SigningKey } from './signing-key';
import { SigningKeySet } from './signing-key-set';

const T0 = new Date('2030-01-01T00:00:00Z').getTime();
const HOUR = 3600_000;

function ecKey(notBefore: number, retireAfter?: number): SigningKey {
  const pair = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  return {
    kid: thumbprint(pair.publicKey),
    ...pair,
    notBefore: new Date(notBefore),
    retireAfter: retireAfter ? new Date(retireAfter) : undefined,
  };
}

const me = (url: string, token: string) =>
  request<PublicUser>(`${url}/user/me`, { headers: { authorization: `Bearer ${token}` } });

const without = <T extends object>(o: T, key: keyof T) =>
  Object.fromEntries(Object.entries(o).filter(([k]) => k !== key));

const kidOf = (token: string) => JSON.parse(Buffer.from(token.split('.')[0], 'base64url').toString()).kid as string;

describe('JWKS, access tokens and key rotation', () => {
  // Key A signs now and retires 15 min (one access-token lifetime) after B takes over at T0+1h.
  const a = ecKey(0, T0 + HOUR + 15 * 60_000);
  const b = ecKey(T0 + HOUR);
  let t: TestApp;
  let account: Awaited<ReturnType<typeof registerAccount>>;

  beforeAll(async () => {
    t = await startTestApp('sqlite', { keys: new SigningKeySet([a, b]) });
    t.clock.set(new Date(T0));
    account = await registerAccount(t.url);
  });
  afterAll(() => t.close());

  const jwks = async () =>
    (await request(`${t.url}/.well-known/jwks.json`)).body as unknown as { keys: Record<string, string>[] };

  it('publishes public JWKs only (no private part), with kid, alg and use', async () => {
    const set = await jwks();
    expect(set.keys).toHaveLength(2);
    for (const k of set.keys) {
      expect(k).toEqual({
        kty: 'EC',
        crv: 'P-256',
        x: expect.any(String),
        y: expect.any(String),
        kid: expect.any(String),
        use: 'sig',
        alg: 'ES256',
      });
    }
  });

  it('issues an access token that jose verifies against the JWKS, as the gateway does', async () => {
    const res = await login(t.url, account.UserName);
    const token = res.body.Data!.AccessToken;
    const { payload, protectedHeader } = await jwtVerify(
      token,
      createRemoteJWKSet(new URL(`${t.url}/.well-known/jwks.json`)),
      {
        issuer: ACCESS_TOKEN_ISSUER,
        audience: ACCESS_TOKEN_AUDIENCE,
        algorithms: ['ES256'],
        typ: ACCESS_TOKEN_TYPE,
        currentDate: new Date(T0),
      },
    );
    expect(protectedHeader).toEqual({ alg: 'ES256', typ: 'at+jwt', kid: a.kid });
    expect(payload).toEqual({
      sub: account.id,
      iss: ACCESS_TOKEN_ISSUER,
      aud: ACCESS_TOKEN_AUDIENCE,
      iat: T0 / 1000,
      exp: T0 / 1000 + 900,
      jti: expect.stringMatching(/^[0-9a-f-]{36}$/),
    });
  });

  it('publishes the next key before it signs, switches signers at notBefore, and retires the old key after its tokens expire', async () => {
    t.clock.set(new Date(T0 + 30 * 60_000));
    const tokenA = (await login(t.url, account.UserName)).body.Data!.AccessToken;
    expect(kidOf(tokenA)).toBe(a.kid);
    expect((await jwks()).keys.map((k) => k.kid).sort()).toEqual([a.kid, b.kid].sort());

    t.clock.set(new Date(T0 + HOUR + 60_000));
    const tokenB = (await login(t.url, account.UserName)).body.Data!.AccessToken;
    expect(kidOf(tokenB)).toBe(b.kid);
    expect((await me(t.url, tokenA)).status).toBe(200); // A still published: its tokens keep working
    expect((await me(t.url, tokenB)).status).toBe(200);

    t.clock.set(new Date(T0 + HOUR + 16 * 60_000));
    expect((await jwks()).keys.map((k) => k.kid)).toEqual([b.kid]);
    const retired = await me(t.url, tokenA);
    expect(retired.status).toBe(401);
    expect(retired.body.Message).toMatch(/retired/);
    expect((await me(t.url, tokenB)).status).toBe(200);
  });

  describe('tokens /user/me must refuse (RFC 8725)', () => {
    const claims = () => ({
      sub: account.id,
      iss: ACCESS_TOKEN_ISSUER,
      aud: ACCESS_TOKEN_AUDIENCE,
      jti: randomUUID(),
      exp: Math.floor(Date.now() / 1000) + 600,
    });
    const signB = (payload: object, options: jwt.SignOptions = {}) =>
      jwt.sign(payload, b.privateKey!, {
        algorithm: 'ES256',
        keyid: b.kid,
        header: { alg: 'ES256', typ: 'at+jwt' },
        ...options,
      });
    const publicPem = () => b.publicKey.export({ format: 'pem', type: 'spki' }) as string;

    beforeAll(() => t.clock.set(new Date()));

    it.each<[string, () => string]>([
      ['a valid token (control)', () => signB(claims())],
      [
        'alg none',
        () =>
          `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'at+jwt', kid: b.kid })).toString('base64url')}.${Buffer.from(JSON.stringify({ ...claims(), exp: 9999999999 })).toString('base64url')}.`,
      ],
      [
        'HS256 keyed with the public key (algorithm confusion)',
        () =>
          jwt.sign({ ...claims() }, publicPem(), {
            algorithm: 'HS256',
            keyid: b.kid,
            header: { alg: 'HS256', typ: 'at+jwt' },
          }),
      ],
      ['another audience', () => signB({ ...claims(), aud: 'someone-else' })],
      ['another issuer', () => signB({ ...claims(), iss: 'https://evil.example' })],
      ['typ JWT instead of at+jwt', () => signB(claims(), { header: { alg: 'ES256', typ: 'JWT' } })],
      ['an expired token', () => signB({ ...claims(), exp: Math.floor(Date.now() / 1000) - 60 })],
      ['no exp claim', () => signB(without(claims(), 'exp'))],
      ['no jti claim', () => signB(without(claims(), 'jti'))],
      [
        'a crit header extension',
        () => signB(claims(), { header: { alg: 'ES256', typ: 'at+jwt', crit: ['x-unknown'] } as jwt.JwtHeader }),
      ],
      ['an unknown kid', () => signB(claims(), { keyid: 'nope' })],
      [
        'a foreign key with our kid',
        () =>
          jwt.sign(claims(), ecKey(0).privateKey!, {
            algorithm: 'ES256',
            keyid: b.kid,
            header: { alg: 'ES256', typ: 'at+jwt' },
          }),
      ],
    ])('%s', async (what, make) => {
      const res = await me(t.url, make());
      expect(res.status).toBe(what.includes('control') ? 200 : 401);
    });

    it.each<[string, (token: string) => string, number]>([
      ['"Bearer <token>"', (tk) => `Bearer ${tk}`, 200],
      ['a lower-case scheme (RFC 6750: case-insensitive)', (tk) => `bearer ${tk}`, 200],
      ['two tokens', (tk) => `Bearer ${tk} ${tk}`, 401],
      ['the token without a scheme', (tk) => tk, 401],
      ['a trailing junk word', (tk) => `Bearer ${tk} x`, 401],
      ['"Bearer" alone', () => 'Bearer', 401],
    ])('Authorization with %s -> %i', async (_what, header, status) => {
      const res = await request(`${t.url}/user/me`, { headers: { authorization: header(signB(claims())) } });
      expect(res.status).toBe(status);
    });
  });
});
