import { generateKeyPairSync } from 'node:crypto';
import { thumbprint, type SigningKey } from './signing-key';
import { SigningKeySet } from './signing-key-set';

function key(notBefore: string, opts: { retireAfter?: string; publicOnly?: boolean } = {}): SigningKey {
  const pair = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  return {
    kid: thumbprint(pair.publicKey),
    publicKey: pair.publicKey,
    privateKey: opts.publicOnly ? undefined : pair.privateKey,
    notBefore: new Date(notBefore),
    retireAfter: opts.retireAfter ? new Date(opts.retireAfter) : undefined,
  };
}

// Key rotation (README.md "Signing keys and rotation"): a new key is published before it signs; old keys stay
// published until their tokens expire.
describe('SigningKeySet rotation rules', () => {
  const old = key('2026-01-01T00:00:00Z', { retireAfter: '2026-03-01T00:15:00Z' });
  const next = key('2026-03-01T00:00:00Z');
  const previous = key('1970-01-01T00:00:00Z', { retireAfter: '2026-02-01T00:00:00Z', publicOnly: true });
  const set = new SigningKeySet([old, next, previous]);
  const kids = (keys: SigningKey[]) => keys.map((k) => k.kid).sort();

  it.each([
    ['before the new key may sign', '2026-02-15T00:00:00Z', [old, next], old],
    ['once the new key signs, the old one still published', '2026-03-01T00:10:00Z', [old, next], next],
    ['after the old key retires', '2026-03-01T00:15:00Z', [next], next],
    ['with the previous public-only key still published', '2026-01-15T00:00:00Z', [old, next, previous], old],
  ])('%s', (_when, at, published, signer) => {
    const now = new Date(at);
    expect(kids(set.published(now))).toEqual(kids(published));
    expect(set.signer(now).kid).toBe(signer.kid);
    for (const k of [old, next, previous]) {
      expect(set.verifier(k.kid, now)?.kid).toBe(published.includes(k) ? k.kid : undefined);
    }
  });

  it('never signs with a public-only key', () => {
    expect(() => new SigningKeySet([previous]).signer(new Date('2026-01-15'))).toThrow(/No signing key is active/);
  });

  it('rejects two keys with one kid', () => {
    expect(() => new SigningKeySet([old, old])).toThrow(/Duplicate signing key id/);
  });

  it('gives different keys different kids (RFC 7638 thumbprints)', () => {
    expect(new Set([old.kid, next.kid, previous.kid]).size).toBe(3);
    expect(old.kid).toMatch(/^[\w-]{43}$/);
  });
});
