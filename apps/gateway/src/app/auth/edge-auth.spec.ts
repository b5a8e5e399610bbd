import { UnsecuredJWT } from 'jose';
import { startGateway, type RunningGateway } from '../../testing/gateway-under-test.testing';
import { send } from '@corsway/testing';
import { JwksUpstream, newSigningKey, signAccessToken, type SigningKey } from '../../testing/jwks-server.testing';

const ORIGIN = 'http://localhost:7152';

describe('edge auth with a real JWKS', () => {
  const users = new JwksUpstream();
  let key: SigningKey;
  let otherKey: SigningKey;
  let gw: RunningGateway;

  beforeAll(async () => {
    key = await newSigningKey('k1');
    otherKey = await newSigningKey('k1'); // same kid, different key: a forgery
    users.published = [key.publicJwk];
    await users.start();
    gw = await startGateway({
      jwksCooldownMs: 0,
      config: {
        cors: { defaultPolicy: null, policies: { Mixed: { origins: [ORIGIN], headers: ['*'], methods: ['*'], credentials: true } } },
        routes: [
          { upstream: '/users/user/me', downstream: '/user/me', service: 'user-service', methods: ['GET'], cors: 'Mixed', auth: true },
          { upstream: '/users/{everything}', downstream: '/{everything}', service: 'user-service', cors: 'Mixed' },
        ],
        discovery: { services: { 'user-service': [users.url] } },
      },
    });
  });
  afterAll(async () => {
    await gw?.close();
    await users.stop();
  });

  const me = (authorization?: string) =>
    send(`${gw.url}/users/user/me`, { headers: { origin: ORIGIN, ...(authorization ? { authorization } : {}) } });

  it('lets a valid token through and forwards it', async () => {
    const token = await signAccessToken(key);
    const res = await me(`Bearer ${token}`);
    expect(res.status).toBe(200);
    expect(res.json()).toEqual({ url: '/user/me', authorization: `Bearer ${token}` });
  });

  it.each<[string, () => Promise<string | undefined>, RegExp]>([
    ['missing', async () => undefined, /needs an access token/],
    ['not Bearer', async () => 'Basic dXNlcjpwYXNz', /not "Bearer/],
    ['expired', async () => `Bearer ${await signAccessToken(key, { exp: Math.floor(Date.now() / 1000) - 60 })}`, /expired/],
    ['not yet valid', async () => `Bearer ${await signAccessToken(key, { nbf: Math.floor(Date.now() / 1000) + 600 })}`, /claim "nbf"/],
    ['signed by the wrong key', async () => `Bearer ${await signAccessToken(otherKey)}`, /signature does not verify/],
    ['with an unknown kid', async () => `Bearer ${await signAccessToken(otherKey, { kid: 'nope' })}`, /not signed by a key/],
    ['alg none', async () => `Bearer ${new UnsecuredJWT({ sub: '42' }).setIssuer('corsway-user-service').setAudience('corsway-api').setExpirationTime('5m').encode()}`, /algorithm|well-formed/],
    ['for another audience', async () => `Bearer ${await signAccessToken(key, { aud: 'someone-else' })}`, /claim "aud"/],
    ['from another issuer', async () => `Bearer ${await signAccessToken(key, { iss: 'evil' })}`, /claim "iss"/],
    ['of another type', async () => `Bearer ${await signAccessToken(key, { typ: 'JWT' })}`, /claim "typ"/],
    ['garbage', async () => 'Bearer not.a.jwt', /well-formed|could not/],
  ])('401 with WWW-Authenticate and CORS headers when the token is %s', async (_case, token, message) => {
    const before = users.seen.filter((r) => r.url === '/user/me').length;
    const res = await me(await token());
    expect(res.status).toBe(401);
    expect(res.json()).toMatchObject({ Success: false, Data: null, Message: expect.stringMatching(message) });
    expect(res.headers['www-authenticate']).toMatch(/^Bearer realm="corsway"/);
    expect(res.headers['access-control-allow-origin']).toBe(ORIGIN);
    expect(users.seen.filter((r) => r.url === '/user/me').length).toBe(before); // never reached the service
  });

  it('answers a preflight to an auth route without a token (Ocelot #633)', async () => {
    const res = await send(`${gw.url}/users/user/me`, {
      method: 'OPTIONS',
      headers: { origin: ORIGIN, 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' },
    });
    expect(res.status).toBe(204);
    expect(res.headers['access-control-allow-origin']).toBe(ORIGIN);
    expect(res.headers['access-control-allow-headers']?.toLowerCase()).toContain('authorization');
  });

  it('does not ask for a token on routes without auth', async () => {
    expect((await send(`${gw.url}/users/user/login`)).status).toBe(200);
  });

  it('refetches the JWKS when a token names a new kid (key rotation)', async () => {
    const rotated = await newSigningKey('k2');
    const fetchesBefore = users.jwksFetches;
    users.published = [key.publicJwk, rotated.publicJwk];
    const res = await me(`Bearer ${await signAccessToken(rotated)}`);
    expect(res.status).toBe(200);
    expect(users.jwksFetches).toBeGreaterThan(fetchesBefore);
    // Cached afterwards: a known kid does not refetch.
    const cached = users.jwksFetches;
    expect((await me(`Bearer ${await signAccessToken(key)}`)).status).toBe(200);
    expect(users.jwksFetches).toBe(cached);
  });
  // Last: it stops the key server. A token the gateway cannot check is neither
  // let through nor called invalid: 503 with Retry-After and the route's CORS headers.
  it('answers 503 with Retry-After when the key set cannot be fetched', async () => {
    const unknownKid = await newSigningKey('k-unpublished');
    await users.stop();
    const res = await me(`Bearer ${await signAccessToken(unknownKid)}`);
    expect(res.status).toBe(503);
    expect(res.headers['retry-after']).toBe('5');
    expect(res.headers['access-control-allow-origin']).toBe(ORIGIN);
    expect(res.json()).toMatchObject({ Success: false, Data: null, Message: expect.stringMatching(/cannot verify access tokens/) });
  });
});
