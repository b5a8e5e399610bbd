import { ACCESS_TOKEN_AUDIENCE, ACCESS_TOKEN_ISSUER, ACCESS_TOKEN_TYPE } from '@corsway/contracts';
import { type CryptoKey, exportJWK, generateKeyPair, type JWK, SignJWT } from 'jose';
import { UpstreamServer } from './upstream-server.testing';

export type SigningKey = { kid: string; privateKey: CryptoKey; publicJwk: JWK };

export async function newSigningKey(kid: string): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
  return { kid, privateKey, publicJwk: { ...(await exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig' } };
}

/** An access token shaped like user-service's (apps/user-service/README.md), overridable per test. */
export function signAccessToken(
  key: SigningKey,
  overrides: { kid?: string; typ?: string; iss?: string; aud?: string; exp?: number | string; nbf?: number | string } = {},
): Promise<string> {
  return new SignJWT({})
    .setProtectedHeader({ alg: 'ES256', kid: overrides.kid ?? key.kid, typ: overrides.typ ?? ACCESS_TOKEN_TYPE })
    .setSubject('42')
    .setIssuer(overrides.iss ?? ACCESS_TOKEN_ISSUER)
    .setAudience(overrides.aud ?? ACCESS_TOKEN_AUDIENCE)
    .setIssuedAt()
    .setNotBefore(overrides.nbf ?? '0s')
    .setExpirationTime(overrides.exp ?? '15m')
    .sign(key.privateKey);
}

/**
 * A stand-in user-service: serves a real JWKS at /.well-known/jwks.json
 * (counting fetches) and echoes every other request.
 */
export class JwksUpstream extends UpstreamServer {
  published: JWK[] = [];
  jwksFetches = 0;

  constructor() {
    super('user-service');
    this.handler = (req, res) => {
      if (req.url === '/.well-known/jwks.json') {
        this.jwksFetches++;
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ keys: this.published }));
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json', 'x-upstream': 'user-service' });
      res.end(JSON.stringify({ url: req.url, authorization: req.headers.authorization ?? null }));
    };
  }
}
