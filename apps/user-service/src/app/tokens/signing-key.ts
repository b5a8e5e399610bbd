import { createHash, createPrivateKey, createPublicKey, type JsonWebKey, type KeyObject } from 'node:crypto';

/**
 * One ES256 key of the key set. `notBefore` is when it may start signing;
 * it is published (JWKS) from the moment it is in the set, so verifiers have
 * it cached before the first token it signs reaches them. `retireAfter` is
 * when it leaves the JWKS: no earlier than the expiry of the last token it
 * signed.
 */
export interface SigningKey {
  kid: string;
  publicKey: KeyObject;
  /** Absent for previous keys we only publish. */
  privateKey?: KeyObject;
  notBefore: Date;
  retireAfter?: Date;
}

/** A P-256 key from PEM (PKCS#8 / SEC1 / SPKI) or a JWK JSON string. */
export function parseKey(text: string, field: string): { publicKey: KeyObject; privateKey?: KeyObject } {
  const trimmed = text.trim().replace(/\\n/g, '\n');
  let key: KeyObject;
  let isPrivate: boolean;
  if (trimmed.startsWith('{')) {
    const jwk = JSON.parse(trimmed) as JsonWebKey;
    isPrivate = typeof jwk.d === 'string';
    key = isPrivate ? createPrivateKey({ key: jwk, format: 'jwk' }) : createPublicKey({ key: jwk, format: 'jwk' });
  } else {
    isPrivate = trimmed.includes('PRIVATE KEY');
    key = isPrivate ? createPrivateKey(trimmed) : createPublicKey(trimmed);
  }
  const details = key.asymmetricKeyDetails;
  if (key.asymmetricKeyType !== 'ec' || details?.namedCurve !== 'prime256v1') {
    throw new Error(
      `${field} must be an EC P-256 key (ES256), got ${key.asymmetricKeyType} ${details?.namedCurve ?? ''}`.trim(),
    );
  }
  return isPrivate ? { privateKey: key, publicKey: createPublicKey(key) } : { publicKey: key };
}

/** RFC 7638 JWK thumbprint: a kid that is stable for a key and different for every other. */
export function thumbprint(publicKey: KeyObject): string {
  const jwk = publicKey.export({ format: 'jwk' });
  const canonical = JSON.stringify({ crv: jwk.crv, kty: jwk.kty, x: jwk.x, y: jwk.y });
  return createHash('sha256').update(canonical).digest('base64url');
}

/** The public JWK we publish for a key. */
export function publicJwk(key: SigningKey): JsonWebKey & { kid: string; use: string; alg: string } {
  const jwk = key.publicKey.export({ format: 'jwk' });
  return { kty: jwk.kty, crv: jwk.crv, x: jwk.x, y: jwk.y, kid: key.kid, use: 'sig', alg: 'ES256' };
}
