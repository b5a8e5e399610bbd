import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '../config/config.error';
import { thumbprint } from './signing-key';
import { DEV_KEY_FILE, loadSigningKeys } from './signing-keys.loader';

const NOW = new Date('2030-01-01T00:00:00Z');
const pair = () => generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
const pem = (k: ReturnType<typeof pair>) => k.privateKey.export({ format: 'pem', type: 'pkcs8' }) as string;

describe('loadSigningKeys', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'us-keys-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('generates a dev key on first start, keeps it (0600) in DATA_DIR, and reuses it on restart', () => {
    const first = loadSigningKeys({}, dir, NOW).signer(NOW);
    expect(statSync(join(dir, DEV_KEY_FILE)).mode & 0o777).toBe(0o600);
    expect(loadSigningKeys({}, dir, NOW).signer(NOW).kid).toBe(first.kid);
  });

  it.each([
    ['PEM (PKCS#8)', (k: ReturnType<typeof pair>) => pem(k)],
    ['PEM with escaped newlines (one-line env)', (k: ReturnType<typeof pair>) => pem(k).replace(/\n/g, '\\n')],
    ['JWK', (k: ReturnType<typeof pair>) => JSON.stringify(k.privateKey.export({ format: 'jwk' }))],
  ])('reads JWT_PRIVATE_KEY as %s', (_format, encode) => {
    const k = pair();
    expect(loadSigningKeys({ privateKey: encode(k) }, dir, NOW).signer(NOW).kid).toBe(thumbprint(k.publicKey));
  });

  it('publishes JWT_NEXT_PRIVATE_KEY at once and signs with it from JWT_NEXT_KEY_NOT_BEFORE', () => {
    const current = pair();
    const next = pair();
    const later = new Date(NOW.getTime() + 3600_000);
    const set = loadSigningKeys(
      { privateKey: pem(current), nextPrivateKey: pem(next), nextNotBefore: later },
      dir,
      NOW,
    );
    expect(set.published(NOW).map((k) => k.kid)).toEqual([thumbprint(current.publicKey), thumbprint(next.publicKey)]);
    expect(set.signer(NOW).kid).toBe(thumbprint(current.publicKey));
    expect(set.signer(later).kid).toBe(thumbprint(next.publicKey));
  });

  it('publishes JWT_PREVIOUS_PUBLIC_KEYS (JWK Set, with retireAfter) for verification only', () => {
    const old = pair();
    const jwk = { ...old.publicKey.export({ format: 'jwk' }), retireAfter: '2030-01-01T00:15:00Z' };
    const set = loadSigningKeys({ previousPublicKeys: JSON.stringify({ keys: [jwk] }) }, dir, NOW);
    const kid = thumbprint(old.publicKey);
    expect(set.verifier(kid, NOW)?.privateKey).toBeUndefined();
    expect(set.verifier(kid, new Date('2030-01-01T00:16:00Z'))).toBeUndefined();
    expect(set.signer(NOW).kid).not.toBe(kid);
  });

  it.each([
    ['JWT_PRIVATE_KEY', { privateKey: 'not a key' }],
    [
      'JWT_PRIVATE_KEY',
      {
        privateKey: generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({
          format: 'pem',
          type: 'pkcs8',
        }) as string,
      },
    ],
    ['JWT_PRIVATE_KEY', { privateKey: pair().publicKey.export({ format: 'pem', type: 'spki' }) as string }],
    ['JWT_NEXT_PRIVATE_KEY', { nextPrivateKey: '{"kty":"EC"}' }],
    ['JWT_PREVIOUS_PUBLIC_KEYS[0]', { previousPublicKeys: '[{"kty":"EC","crv":"P-256"}]' }],
  ])('stops start-up naming %s when it is unusable', (field, config) => {
    let error: unknown;
    try {
      loadSigningKeys(config, dir, NOW);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).field).toBe(field);
    expect((error as Error).message).toContain(field);
  });
});
