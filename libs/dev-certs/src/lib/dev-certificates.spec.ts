import { X509Certificate } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { request, createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureDevCertificates } from './dev-certificates';

describe('ensureDevCertificates', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'dev-certs-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('creates a CA and a localhost/127.0.0.1/::1 certificate it signed, and a TLS client trusting only that CA connects', async () => {
    const certs = await ensureDevCertificates(dir);
    expect(certs).toMatchObject({ caCreated: true, certCreated: true });
    const ca = new X509Certificate(readFileSync(certs.caCertFile));
    const leaf = new X509Certificate(readFileSync(certs.certFile));
    expect(ca.ca).toBe(true);
    expect(leaf.ca).toBe(false);
    expect(leaf.verify(ca.publicKey)).toBe(true);
    expect(leaf.subjectAltName).toBe('DNS:localhost, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1');

    const server = createServer({ key: readFileSync(certs.keyFile), cert: readFileSync(certs.certFile) }, (_req, res) => res.end('over tls'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const body = await new Promise<string>((resolve, reject) => {
        const port = (server.address() as AddressInfo).port;
        request({ host: '127.0.0.1', port, servername: 'localhost', ca: readFileSync(certs.caCertFile), path: '/' }, (res) => {
          let text = '';
          res.on('data', (c) => (text += c)).on('end', () => resolve(text));
        })
          .on('error', reject)
          .end();
      });
      expect(body).toBe('over tls');
    } finally {
      server.close();
    }
  });

  it('reuses both on the next start, and three concurrent starts agree on one CA', async () => {
    const results = await Promise.all([ensureDevCertificates(dir), ensureDevCertificates(dir), ensureDevCertificates(dir)]);
    expect(results.filter((r) => r.caCreated)).toHaveLength(1);
    const pem = readFileSync(join(dir, 'ca.pem'), 'utf8');
    const again = await ensureDevCertificates(dir);
    expect(again).toMatchObject({ caCreated: false, certCreated: false });
    expect(readFileSync(join(dir, 'ca.pem'), 'utf8')).toBe(pem);
  });

  it('renews a leaf that expires soon but keeps the CA the user trusts', async () => {
    const first = await ensureDevCertificates(dir);
    const caPem = readFileSync(first.caCertFile, 'utf8');
    const leafPem = readFileSync(first.certFile, 'utf8');
    const inElevenMonths = new Date(Date.now() + 355 * 24 * 3600 * 1000);
    const later = await ensureDevCertificates(dir, inElevenMonths);
    expect(later).toMatchObject({ caCreated: false, certCreated: true });
    expect(readFileSync(first.caCertFile, 'utf8')).toBe(caPem);
    expect(readFileSync(first.certFile, 'utf8')).not.toBe(leafPem);
  });

  it('replaces a corrupt certificate file instead of serving it', async () => {
    const first = await ensureDevCertificates(dir);
    writeFileSync(first.certFile, 'not a certificate');
    expect(await ensureDevCertificates(dir)).toMatchObject({ caCreated: false, certCreated: true });
    expect(new X509Certificate(readFileSync(first.certFile)).verify(new X509Certificate(readFileSync(first.caCertFile)).publicKey)).toBe(true);
  });

  it('takes over a lock left behind by a killed process', async () => {
    mkdirSync(join(dir, '.lock'));
    const old = new Date(Date.now() - 60_000);
    utimesSync(join(dir, '.lock'), old, old);
    expect(await ensureDevCertificates(dir)).toMatchObject({ caCreated: true });
  });
});
