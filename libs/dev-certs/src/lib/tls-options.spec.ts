import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureDevCertificates } from './dev-certificates';
import { resolveTls } from './tls-options';

describe('resolveTls (HTTPS, TLS_CERT_FILE, TLS_KEY_FILE)', () => {
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tls-options-'));
    await ensureDevCertificates(join(dir, 'a'));
    await ensureDevCertificates(join(dir, 'b'));
    writeFileSync(join(dir, 'not-pem.txt'), 'hello');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('is plain HTTP when nothing is set, or HTTPS=false', async () => {
    expect(await resolveTls({}, dir)).toBeNull();
    expect(await resolveTls({ HTTPS: 'false' }, dir)).toBeNull();
  });

  it('HTTPS=true alone creates the development CA under <DATA_DIR>/certs and says how to trust it, once', async () => {
    const env = { HTTPS: 'true', DATA_DIR: join(dir, 'data') };
    const first = await resolveTls(env, dir);
    expect(first).toMatchObject({ source: 'dev-ca', caCertFile: join(dir, 'data', 'certs', 'ca.pem') });
    expect(first?.options.cert).toContain('BEGIN CERTIFICATE');
    expect(first?.notice).toContain('update-ca-certificates');
    const second = await resolveTls(env, dir);
    expect(second?.notice).toBeUndefined();
    expect(second?.options.cert).toBe(first?.options.cert);
  });

  it('TLS_CERT_FILE + TLS_KEY_FILE: real certificates, relative to the working directory, HTTPS implied', async () => {
    const tls = await resolveTls({ TLS_CERT_FILE: 'a/localhost.pem', TLS_KEY_FILE: 'a/localhost-key.pem' }, dir);
    expect(tls).toMatchObject({ source: 'files', certFile: join(dir, 'a', 'localhost.pem') });
    expect(tls?.options.key).toBe(readFileSync(join(dir, 'a', 'localhost-key.pem'), 'utf8'));
  });

  it.each<[string, Record<string, string>, RegExp]>([
    ['HTTPS not a switch', { HTTPS: 'maybe' }, /^Invalid configuration HTTPS: must be true or false; got "maybe"$/],
    ['certificate without key', { TLS_CERT_FILE: 'a/localhost.pem' }, /^Invalid configuration TLS_KEY_FILE: must be set when TLS_CERT_FILE is/],
    ['key without certificate', { TLS_KEY_FILE: 'a/localhost-key.pem' }, /^Invalid configuration TLS_CERT_FILE: must be set when TLS_KEY_FILE is/],
    ['HTTPS=false with files', { HTTPS: 'false', TLS_CERT_FILE: 'a/localhost.pem', TLS_KEY_FILE: 'a/localhost-key.pem' }, /^Invalid configuration HTTPS: is "false" but TLS_CERT_FILE/],
    ['missing certificate file', { TLS_CERT_FILE: 'nope.pem', TLS_KEY_FILE: 'a/localhost-key.pem' }, /^Invalid configuration TLS_CERT_FILE: cannot read ".*nope\.pem"/],
    ['certificate not PEM', { TLS_CERT_FILE: 'not-pem.txt', TLS_KEY_FILE: 'a/localhost-key.pem' }, /^Invalid configuration TLS_CERT_FILE: ".*not-pem\.txt" is not a PEM file$/],
    ['a key of another certificate', { TLS_CERT_FILE: 'a/localhost.pem', TLS_KEY_FILE: 'b/localhost-key.pem' }, /^Invalid configuration TLS_KEY_FILE: is not the private key of TLS_CERT_FILE$/],
    ['a data directory that cannot hold certs/', { HTTPS: 'true', DATA_DIR: 'not-pem.txt' }, /^Invalid configuration DATA_DIR: HTTPS=true keeps the development CA in ".*not-pem\.txt\/certs", which failed: /],
  ])('refuses %s, naming the variable', async (_case, env, message) => {
    await expect(resolveTls(env, dir)).rejects.toThrow(message);
  });

});
