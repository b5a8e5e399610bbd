import { X509Certificate } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generate } from 'selfsigned';
import { acquireLock } from './file-lock';

/** Where a local development CA and its `localhost` certificate live. */
export interface DevCertificatePaths {
  readonly dir: string;
  readonly caCertFile: string;
  readonly caKeyFile: string;
  readonly certFile: string;
  readonly keyFile: string;
}

export interface DevCertificates extends DevCertificatePaths {
  /** True when this call generated the CA (print how to trust it, once). */
  readonly caCreated: boolean;
  /** True when this call generated the `localhost` certificate. */
  readonly certCreated: boolean;
}

const DAY_MS = 24 * 60 * 60 * 1000;
/** The CA is trusted once by hand, so it lives long; the leaf is renewed silently. */
const CA_VALIDITY_DAYS = 3650;
const LEAF_VALIDITY_DAYS = 365;
/** Renew the leaf this long before it expires, so a long dev session never crosses its notAfter. */
const RENEW_BEFORE_DAYS = 14;
const HOST_NAMES = ['localhost'];
const HOST_IPS = ['127.0.0.1', '::1'];

export function devCertificatePaths(dir: string): DevCertificatePaths {
  return {
    dir,
    caCertFile: join(dir, 'ca.pem'),
    caKeyFile: join(dir, 'ca-key.pem'),
    certFile: join(dir, 'localhost.pem'),
    keyFile: join(dir, 'localhost-key.pem'),
  };
}

/**
 * Creates once, the way `dotnet dev-certs https` and mkcert do, a local CA and
 * a `localhost` / 127.0.0.1 / ::1 server certificate signed by it. Later calls
 * reuse both; a leaf that expires soon, or was not signed by the CA on disk, is
 * replaced (the CA is kept, so the user's trust of it stays valid). Three apps
 * starting together share one result: a lock directory serialises creation.
 */
export async function ensureDevCertificates(dir: string, now: Date = new Date()): Promise<DevCertificates> {
  const paths = devCertificatePaths(dir);
  if (caUsable(paths, now) && leafUsable(paths, now)) return { ...paths, caCreated: false, certCreated: false };
  mkdirSync(dir, { recursive: true });
  const release = await acquireLock(join(dir, '.lock'));
  try {
    // Another process may have finished while this one waited for the lock.
    const caCreated = !caUsable(paths, now);
    if (caCreated) await writeCa(paths, now);
    const certCreated = caCreated || !leafUsable(paths, now);
    if (certCreated) await writeLeaf(paths, now);
    return { ...paths, caCreated, certCreated };
  } finally {
    release();
  }
}

function readCert(file: string): X509Certificate | null {
  try {
    return new X509Certificate(readFileSync(file));
  } catch {
    return null;
  }
}

function caUsable(paths: DevCertificatePaths, now: Date): boolean {
  const ca = readCert(paths.caCertFile);
  return !!ca && existsSync(paths.caKeyFile) && ca.ca && new Date(ca.validTo).getTime() > now.getTime() + RENEW_BEFORE_DAYS * DAY_MS;
}

function leafUsable(paths: DevCertificatePaths, now: Date): boolean {
  const ca = readCert(paths.caCertFile);
  const leaf = readCert(paths.certFile);
  if (!ca || !leaf || !existsSync(paths.keyFile)) return false;
  const names = leaf.subjectAltName ?? '';
  return (
    leaf.verify(ca.publicKey) &&
    new Date(leaf.validTo).getTime() > now.getTime() + RENEW_BEFORE_DAYS * DAY_MS &&
    HOST_NAMES.every((name) => names.includes(`DNS:${name}`))
  );
}

async function writeCa(paths: DevCertificatePaths, now: Date): Promise<void> {
  const ca = await generate(
    [
      { name: 'commonName', value: 'corsway local development CA' },
      { name: 'organizationName', value: 'corsway (development only)' },
    ],
    {
      keyType: 'ec',
      curve: 'P-256',
      algorithm: 'sha256',
      notBeforeDate: new Date(now.getTime() - DAY_MS),
      notAfterDate: new Date(now.getTime() + CA_VALIDITY_DAYS * DAY_MS),
      extensions: [
        { name: 'basicConstraints', cA: true, pathLenConstraint: 0, critical: true },
        { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
      ],
    },
  );
  writeAtomically(paths.caKeyFile, ca.private, 0o600);
  writeAtomically(paths.caCertFile, ca.cert, 0o644);
}

async function writeLeaf(paths: DevCertificatePaths, now: Date): Promise<void> {
  const leaf = await generate([{ name: 'commonName', value: 'localhost' }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    ca: { key: readFileSync(paths.caKeyFile, 'utf8'), cert: readFileSync(paths.caCertFile, 'utf8') },
    notBeforeDate: new Date(now.getTime() - DAY_MS),
    notAfterDate: new Date(now.getTime() + LEAF_VALIDITY_DAYS * DAY_MS),
    extensions: [
      { name: 'basicConstraints', cA: false, critical: true },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      // Browsers match host names against the SAN only (RFC 6125 §6.4.4: the CN is not consulted when a SAN exists).
      { name: 'subjectAltName', altNames: [...HOST_NAMES.map((value) => ({ type: 2 as const, value })), ...HOST_IPS.map((ip) => ({ type: 7 as const, ip }))] },
    ],
  });
  writeAtomically(paths.keyFile, leaf.private, 0o600);
  writeAtomically(paths.certFile, leaf.cert, 0o644);
}

/** A reader never sees half a PEM: write beside it, then rename over it. */
function writeAtomically(file: string, text: string, mode: number): void {
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    writeFileSync(tmp, text, { mode });
    renameSync(tmp, file);
  } finally {
    if (existsSync(tmp)) rmSync(tmp, { force: true });
  }
}
