import { ACCESS_TOKEN_AUDIENCE, ACCESS_TOKEN_ISSUER, ACCESS_TOKEN_TYPE } from '@corsway/contracts';
import { createHmac, generateKeyPairSync, type KeyObject, randomUUID, sign } from 'node:crypto';

/**
 * Crafts JWTs by hand with node:crypto, byte for byte, so a test can produce
 * exactly the malformed or forged token an attacker would (RFC 8725 §2 lists
 * the attacks: alg none, algorithm confusion, substituted keys, claim abuse).
 */

export const b64url = (x: string | Buffer) => Buffer.from(x).toString('base64url');
export const json64 = (x: unknown) => b64url(JSON.stringify(x));

export interface KeyPair {
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
}

export function newEs256Key(): KeyPair {
  return generateKeyPairSync('ec', { namedCurve: 'P-256' });
}

/** PKCS#8 PEM, for `JWT_PRIVATE_KEY`. */
export function privatePem(key: KeyPair): string {
  return key.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
}

export function es256(signingInput: string, key: KeyObject): string {
  // JWS uses the raw r||s form (RFC 7518 §3.4), not DER.
  return b64url(sign('sha256', Buffer.from(signingInput), { key, dsaEncoding: 'ieee-p1363' }));
}

export function hs256(signingInput: string, secret: string | Buffer): string {
  return b64url(createHmac('sha256', secret).update(signingInput).digest());
}

/** A header + claims pair that user-service would issue, for `sub`, signed by `kid`. */
export function validParts(kid: string, sub: string, nowSeconds = Math.floor(Date.now() / 1000)) {
  return {
    header: { alg: 'ES256', typ: ACCESS_TOKEN_TYPE, kid } as Record<string, unknown>,
    claims: {
      sub,
      iss: ACCESS_TOKEN_ISSUER,
      aud: ACCESS_TOKEN_AUDIENCE,
      iat: nowSeconds,
      exp: nowSeconds + 600,
      jti: randomUUID(),
    } as Record<string, unknown>,
  };
}

/** header.claims signed ES256 with `key`. */
export function signEs256(header: Record<string, unknown>, claims: Record<string, unknown>, key: KeyObject): string {
  const input = `${json64(header)}.${json64(claims)}`;
  return `${input}.${es256(input, key)}`;
}
