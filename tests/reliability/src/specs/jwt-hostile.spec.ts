import { ACCESS_TOKEN_TYPE } from '@corsway/contracts';
import { randomBytes } from 'node:crypto';
import { signedIn } from '../support/accounts';
import type { RunningApp } from '@corsway/testing';
import { WEB_ORIGIN } from '../support/gateway-config';
import { call, isEnvelope } from '../support/http';
import { useStack } from '../support/system';
import { b64url, es256, hs256, json64, type KeyPair, newEs256Key, privatePem, signEs256, validParts } from '../support/token-forge';

/**
 * Hostile tokens (RFC 8725): every forged, stale or broken access
 * token gets a 401 envelope, nothing else, at the gateway's `auth: true`
 * route (`GET /users/user/me`, verified at the edge) and at user-service's own
 * `GET /user/me` (passport-jwt). user-service signs with a key this test
 * generated (`JWT_PRIVATE_KEY`), so "well signed, wrong claim" tokens are
 * possible: each case differs from the valid control in one property only.
 */

interface Ctx {
  key: KeyPair;
  kid: string;
  sub: string;
  realToken: string;
  publicPem: string;
  publicJwk: string;
}

type Forge = (c: Ctx) => string;
const now = () => Math.floor(Date.now() / 1000);

function withClaims(change: (claims: Record<string, unknown>, header: Record<string, unknown>) => void): Forge {
  return (c) => {
    const { header, claims } = validParts(c.kid, c.sub);
    change(claims, header);
    return signEs256(header, claims, c.key.privateKey);
  };
}

const attacker = newEs256Key();

const CASES: [string, Forge][] = [
  ['alg none, no signature', (c) => `${json64({ alg: 'none', typ: ACCESS_TOKEN_TYPE, kid: c.kid })}.${json64(validParts(c.kid, c.sub).claims)}.`],
  ['alg "None" with the real signature kept', (c) => {
    const [, , sig] = c.realToken.split('.');
    return `${json64({ alg: 'None', typ: ACCESS_TOKEN_TYPE, kid: c.kid })}.${c.realToken.split('.')[1]}.${sig}`;
  }],
  ['alg none, no signature part at all', (c) => `${json64({ alg: 'none', typ: ACCESS_TOKEN_TYPE })}.${json64(validParts(c.kid, c.sub).claims)}`],
  ['HS256 signed with the public key PEM (algorithm confusion)', (c) => {
    const { claims } = validParts(c.kid, c.sub);
    const input = `${json64({ alg: 'HS256', typ: ACCESS_TOKEN_TYPE, kid: c.kid })}.${json64(claims)}`;
    return `${input}.${hs256(input, c.publicPem)}`;
  }],
  ['HS256 signed with the public JWK JSON', (c) => {
    const { claims } = validParts(c.kid, c.sub);
    const input = `${json64({ alg: 'HS256', typ: ACCESS_TOKEN_TYPE, kid: c.kid })}.${json64(claims)}`;
    return `${input}.${hs256(input, c.publicJwk)}`;
  }],
  ['ES256 by another key, unknown kid', (c) => signEs256({ ...validParts(c.kid, c.sub).header, kid: 'attacker-key' }, validParts(c.kid, c.sub).claims, attacker.privateKey)],
  ['ES256 by another key, the real kid', (c) => signEs256(validParts(c.kid, c.sub).header, validParts(c.kid, c.sub).claims, attacker.privateKey)],
  ['ES256 by another key embedded as a jwk header (key injection)', (c) => {
    const jwk = attacker.publicKey.export({ format: 'jwk' });
    return signEs256({ ...validParts(c.kid, c.sub).header, jwk }, validParts(c.kid, c.sub).claims, attacker.privateKey);
  }],
  ['ES256 by another key with a jku header', (c) =>
    signEs256({ ...validParts(c.kid, c.sub).header, jku: 'http://127.0.0.1:1/jwks.json' }, validParts(c.kid, c.sub).claims, attacker.privateKey)],
  ['expired an hour ago', withClaims((claims) => ((claims['exp'] = now() - 3600), (claims['iat'] = now() - 4000)))],
  ['expired a minute ago (beyond any clock tolerance)', withClaims((claims) => (claims['exp'] = now() - 60))],
  ['not valid before an hour from now', withClaims((claims) => (claims['nbf'] = now() + 3600))],
  ['wrong issuer', withClaims((claims) => (claims['iss'] = 'https://evil.example'))],
  ['wrong audience', withClaims((claims) => (claims['aud'] = 'someone-else'))],
  ['audience list without ours', withClaims((claims) => (claims['aud'] = ['a', 'b']))],
  ['no exp', withClaims((claims) => delete claims['exp'])],
  ['exp as a string', withClaims((claims) => (claims['exp'] = String(now() + 600)))],
  ['typ JWT instead of at+jwt (an ID token is not an access token)', withClaims((_claims, header) => (header['typ'] = 'JWT'))],
  ['header alg ES512 over an ES256 signature', withClaims((_claims, header) => (header['alg'] = 'ES512'))],
  ['header alg RS256', withClaims((_claims, header) => (header['alg'] = 'RS256'))],
  ['crit header with an unknown extension', withClaims((_claims, header) => ((header['crit'] = ['x-unknown']), (header['x-unknown'] = 1)))],
  ['tampered payload: sub changed, signature kept', (c) => {
    const [h, p, s] = c.realToken.split('.');
    const claims = JSON.parse(Buffer.from(p, 'base64url').toString());
    claims.sub = '00000000-0000-0000-0000-000000000000';
    void h;
    return `${h}.${json64(claims)}.${s}`;
  }],
  ['tampered payload: exp extended, signature kept', (c) => {
    const [h, p, s] = c.realToken.split('.');
    const claims = JSON.parse(Buffer.from(p, 'base64url').toString());
    claims.exp += 86400 * 365;
    return `${h}.${json64(claims)}.${s}`;
  }],
  ['tampered signature (bits flipped)', (c) => {
    const [h, p, s] = c.realToken.split('.');
    const sig = Buffer.from(s, 'base64url');
    sig[10] ^= 0xff;
    return `${h}.${p}.${b64url(sig)}`;
  }],
  ['signature of another token', (c) => {
    const other = signEs256(validParts(c.kid, c.sub).header, { ...validParts(c.kid, c.sub).claims, jti: 'other' }, c.key.privateKey);
    const [h, p] = c.realToken.split('.');
    return `${h}.${p}.${other.split('.')[2]}`;
  }],
  ['signature in DER instead of raw r||s', (c) => {
    const { header, claims } = validParts(c.kid, c.sub);
    const input = `${json64(header)}.${json64(claims)}`;
    const { sign } = require('node:crypto') as typeof import('node:crypto');
    return `${input}.${b64url(sign('sha256', Buffer.from(input), c.key.privateKey))}`;
  }],
  ['payload that is not JSON', (c) => {
    const input = `${json64(validParts(c.kid, c.sub).header)}.${b64url('not json{')}`;
    return `${input}.${es256(input, c.key.privateKey)}`;
  }],
  ['header that is not JSON', (c) => {
    const input = `${b64url('{"alg":"ES256",')}.${json64(validParts(c.kid, c.sub).claims)}`;
    return `${input}.${es256(input, c.key.privateKey)}`;
  }],
  ['garbage word', () => 'garbage'],
  ['three empty parts', () => '..'],
  ['four parts', (c) => `${c.realToken}.extra`],
  ['JWE-shaped five parts', () => 'a.b.c.d.e'],
  ['10 KiB of random base64url', () => randomBytes(7680).toString('base64url')],
  // Under Node's 16 KiB header limit: bigger headers are the HTTP suite's oversize case.
  ['12 KiB token-shaped', () => `${'a'.repeat(6_000)}.${'b'.repeat(6_000)}.c`],
];

const AUTH_HEADERS: [string, (c: Ctx) => string][] = [
  ['no Authorization header', () => ''],
  ['Bearer with nothing after it', () => 'Bearer'],
  ['Basic credentials', () => `Basic ${Buffer.from('demo:Demo@12345').toString('base64')}`],
  ['the real token without the Bearer scheme', (c) => c.realToken],
  ['two tokens', (c) => `Bearer ${c.realToken} ${c.realToken}`],
];

describe('hostile access tokens get a 401 envelope and nothing else (RFC 8725)', () => {
  const key = newEs256Key();
  let userService: RunningApp;
  let gateway: RunningApp;
  let ctx: Ctx;
  const stack = useStack({ JWT_PRIVATE_KEY: privatePem(key) });

  beforeAll(async () => {
    ({ userService, gateway } = stack());
    const jwks = await call('GET', `${userService.url}/.well-known/jwks.json`);
    const published = (jwks.body as unknown as { keys: { kid: string; x: string }[] }).keys;
    const mine = key.publicKey.export({ format: 'jwk' });
    const entry = published.find((k) => k.x === mine.x);
    if (!entry) throw new Error(`user-service does not publish the configured key: ${jwks.text}`);
    const session = await signedIn(userService.url);
    ctx = {
      key,
      kid: entry.kid,
      sub: session.id,
      realToken: session.accessToken,
      publicPem: key.publicKey.export({ format: 'pem', type: 'spki' }).toString(),
      publicJwk: JSON.stringify(entry),
    };
  });

  const targets = [
    ['gateway GET /users/user/me (edge auth)', () => `${gateway.url}/users/user/me`],
    ['user-service GET /user/me', () => `${userService.url}/user/me`],
  ] as const;

  describe.each(targets)('%s', (_name, url) => {
    it('accepts the valid control token (so each case below fails for its one difference)', async () => {
      const control = signEs256(validParts(ctx.kid, ctx.sub).header, validParts(ctx.kid, ctx.sub).claims, key.privateKey);
      for (const token of [control, ctx.realToken]) {
        const res = await call('GET', url(), { headers: { authorization: `Bearer ${token}`, origin: WEB_ORIGIN } });
        expect({ status: res.status, id: res.body?.Data?.Id }).toEqual({ status: 200, id: ctx.sub });
      }
    });

    it.each(CASES)('401 for %s', async (_case, forge) => {
      await expect401(url(), `Bearer ${forge(ctx)}`);
    });

    it.each(AUTH_HEADERS)('401 for %s', async (_case, header) => {
      await expect401(url(), header(ctx));
    });
  });

  async function expect401(url: string, authorization: string): Promise<void> {
    const headers: Record<string, string> = { origin: WEB_ORIGIN };
    if (authorization) headers['authorization'] = authorization;
    const res = await call('GET', url, { headers });
    expect({ status: res.status, envelope: isEnvelope(res.body), success: res.body?.Success, data: res.body?.Data ?? null }).toEqual({
      status: 401,
      envelope: true,
      success: false,
      data: null,
    });
    // Nothing else: no profile fields, no stack trace, no token echoed back.
    expect(res.text).not.toMatch(/"(Email|UserName|AccessToken)"|at \w+ \(|\.ts:\d+/);
    if (url.includes('/users/')) {
      // The gateway's 401 keeps the route's CORS headers so the page can read Message (Ocelot #210).
      expect(res.headers.get('access-control-allow-origin')).toBe(WEB_ORIGIN);
      expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
    }
  }
});
