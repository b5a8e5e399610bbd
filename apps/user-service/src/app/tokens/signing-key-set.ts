import type { SigningKey } from './signing-key';

/**
 * The rotation rules, in one place (README.md "Signing keys and rotation", RFC 7517 §5):
 * 1. A key is published from the moment it is in the set until `retireAfter`.
 * 2. It signs only once `notBefore` has passed; the newest such key signs.
 * 3. A token verifies only against a published key with its kid.
 * So a new key appears in the JWKS before any token carries its kid, and an
 * old key stays until every token it signed has expired.
 */
export class SigningKeySet {
  private readonly keys: readonly SigningKey[];

  constructor(keys: readonly SigningKey[]) {
    const kids = new Set<string>();
    for (const k of keys) {
      if (kids.has(k.kid)) throw new Error(`Duplicate signing key id "${k.kid}"`);
      kids.add(k.kid);
    }
    this.keys = [...keys];
  }

  /** Keys the JWKS lists at `now`. */
  published(now: Date): SigningKey[] {
    return this.keys.filter((k) => !k.retireAfter || now.getTime() < k.retireAfter.getTime());
  }

  /** The key that signs at `now`: the newest active private key. */
  signer(now: Date): SigningKey {
    const active = this.published(now).filter((k) => k.privateKey && k.notBefore.getTime() <= now.getTime());
    if (active.length === 0)
      throw new Error('No signing key is active now; check JWT_PRIVATE_KEY and JWT_NEXT_KEY_NOT_BEFORE');
    return active.reduce((a, b) => (b.notBefore.getTime() > a.notBefore.getTime() ? b : a));
  }

  /** The published key with this kid, or undefined (unknown or retired). */
  verifier(kid: string, now: Date): SigningKey | undefined {
    return this.published(now).find((k) => k.kid === kid);
  }
}
