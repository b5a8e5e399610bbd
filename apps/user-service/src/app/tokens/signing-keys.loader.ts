import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { randomBytes } from 'node:crypto';
import { chmodSync, linkSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { securePrivateDir } from '../config/private-files';
import { ConfigError } from '../config/config.error';
import type { SigningKeyConfig } from '../config/user-service.config';
import { parseKey, thumbprint, type SigningKey } from './signing-key';
import { SigningKeySet } from './signing-key-set';

export const DEV_KEY_FILE = 'signing-key.dev.json';

/**
 * Builds the key set from configuration: `JWT_PRIVATE_KEY` (current),
 * `JWT_NEXT_PRIVATE_KEY` + `JWT_NEXT_KEY_NOT_BEFORE` (published now, signs
 * later) and `JWT_PREVIOUS_PUBLIC_KEYS` (published only). Without a configured
 * key, a dev key is generated on first start and kept in `dataDir` so tokens
 * survive restarts.
 */
export function loadSigningKeys(config: SigningKeyConfig, dataDir: string, now: Date): SigningKeySet {
  const keys: SigningKey[] = [];
  const current = config.privateKey ? privateKey(config.privateKey, 'JWT_PRIVATE_KEY') : devKey(dataDir);
  keys.push({ ...current, kid: thumbprint(current.publicKey), notBefore: new Date(0) });

  if (config.nextPrivateKey) {
    const next = privateKey(config.nextPrivateKey, 'JWT_NEXT_PRIVATE_KEY');
    keys.push({ ...next, kid: thumbprint(next.publicKey), notBefore: config.nextNotBefore ?? now });
  }
  if (config.previousPublicKeys) keys.push(...previousKeys(config.previousPublicKeys));
  try {
    return new SigningKeySet(keys);
  } catch (error) {
    throw new ConfigError('JWT_PREVIOUS_PUBLIC_KEYS', (error as Error).message);
  }
}

function privateKey(text: string, field: string): { privateKey: KeyObject; publicKey: KeyObject } {
  let parsed: ReturnType<typeof parseKey>;
  try {
    parsed = parseKey(text, field);
  } catch (error) {
    throw new ConfigError(field, `not a usable EC P-256 key (${(error as Error).message})`);
  }
  if (!parsed.privateKey) throw new ConfigError(field, 'must be a PRIVATE key (PEM PKCS#8/SEC1 or a JWK with "d")');
  return { privateKey: parsed.privateKey, publicKey: parsed.publicKey };
}

/**
 * `JWT_PREVIOUS_PUBLIC_KEYS`: a JWK Set (`{"keys":[...]}`) or an array of
 * JWKs / PEM strings. A JWK may carry `"retireAfter": "<ISO date>"`, after
 * which it is no longer published.
 */
function previousKeys(text: string): SigningKey[] {
  const field = 'JWT_PREVIOUS_PUBLIC_KEYS';
  let entries: unknown[];
  try {
    const parsed = JSON.parse(text) as unknown;
    entries = Array.isArray(parsed) ? parsed : ((parsed as { keys?: unknown[] }).keys ?? []);
  } catch {
    entries = [text]; // a single PEM
  }
  return entries.map((entry, i) => {
    const where = `${field}[${i}]`;
    try {
      const raw = typeof entry === 'string' ? entry : JSON.stringify(entry);
      const { publicKey } = parseKey(raw, where);
      const retire = typeof entry === 'object' && entry ? (entry as { retireAfter?: string }).retireAfter : undefined;
      const retireAfter = retire ? new Date(retire) : undefined;
      if (retireAfter && Number.isNaN(retireAfter.getTime())) throw new Error(`retireAfter "${retire}" is not a date`);
      return { kid: thumbprint(publicKey), publicKey, notBefore: new Date(0), retireAfter };
    } catch (error) {
      throw new ConfigError(where, (error as Error).message);
    }
  });
}

/**
 * The development key, created atomically: the key is written to a private
 * temporary file and hard-linked into place, which fails if the file exists
 * (an exclusive create that never exposes a half-written file). The loser of
 * a race between two instances starting at once reads the winner's key, so
 * both sign with one key. Directory 0700, file 0600: a private key, even a
 * dev one, is not for other users of the machine.
 */
function devKey(dataDir: string): { privateKey: KeyObject; publicKey: KeyObject } {
  securePrivateDir(dataDir);
  const file = join(dataDir, DEV_KEY_FILE);
  const existing = readDevKey(file);
  if (existing) return existing;
  const pair = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const temp = `${file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  writeFileSync(
    temp,
    JSON.stringify({ privateJwk: pair.privateKey.export({ format: 'jwk' }), createdAt: new Date().toISOString() }),
    { mode: 0o600, flag: 'wx' },
  );
  try {
    linkSync(temp, file);
    return pair;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    const winner = readDevKey(file);
    if (!winner) throw error;
    return winner;
  } finally {
    unlinkSync(temp);
  }
}

function readDevKey(file: string): { privateKey: KeyObject; publicKey: KeyObject } | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  chmodSync(file, 0o600); // an older install may have left it readable by others
  const stored = JSON.parse(text) as { privateJwk: object };
  return parseKey(JSON.stringify(stored.privateJwk), file) as { privateKey: KeyObject; publicKey: KeyObject };
}
