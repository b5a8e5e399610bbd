import { readFileSync } from 'node:fs';
import { createSecureContext } from 'node:tls';
import { isAbsolute, join, resolve } from 'node:path';
import { ensureDevCertificates } from './dev-certificates';
import { TlsConfigError } from './tls-config.error';
import { trustInstructions } from './trust-instructions';

type Env = Readonly<Record<string, string | undefined>>;

/** What Node's `https.createServer` (and so Nest's `httpsOptions`, Fastify's `https`) takes. */
export interface TlsOptions {
  readonly key: string;
  readonly cert: string;
}

export interface ResolvedTls {
  readonly options: TlsOptions;
  /** `files`: TLS_CERT_FILE/TLS_KEY_FILE; `dev-ca`: the local development CA under `<DATA_DIR>/certs`. */
  readonly source: 'files' | 'dev-ca';
  readonly certFile: string;
  /** The development CA a browser must trust (`dev-ca` only). */
  readonly caCertFile?: string;
  /** Lines to print once: the CA was created by this start, so it is not trusted yet. */
  readonly notice?: string;
}

const ON = new Set(['true', '1', 'yes', 'on']);
const OFF = new Set(['false', '0', 'no', 'off']);

/**
 * The environment contract for TLS, shared by the three apps:
 * - `TLS_CERT_FILE` + `TLS_KEY_FILE` (PEM): real certificates; HTTPS on.
 * - `HTTPS=true` alone: the local development CA and `localhost` certificate
 *   under `<DATA_DIR or ./data>/certs`, created on first use.
 * - neither: plain HTTP (`null`).
 * Contradictions and unreadable or mismatched files stop start-up naming the variable.
 */
export async function resolveTls(env: Env = process.env, cwd: string = process.cwd()): Promise<ResolvedTls | null> {
  const https = parseSwitch(env['HTTPS']);
  const certFile = env['TLS_CERT_FILE']?.trim() || undefined;
  const keyFile = env['TLS_KEY_FILE']?.trim() || undefined;
  if (certFile && !keyFile) throw new TlsConfigError('TLS_KEY_FILE', 'must be set when TLS_CERT_FILE is (the private key of that certificate, PEM)');
  if (keyFile && !certFile) throw new TlsConfigError('TLS_CERT_FILE', 'must be set when TLS_KEY_FILE is (the certificate chain, PEM)');
  if (certFile && keyFile) {
    if (https === false) throw new TlsConfigError('HTTPS', 'is "false" but TLS_CERT_FILE/TLS_KEY_FILE are set; unset them or HTTPS');
    const options = { cert: readPem('TLS_CERT_FILE', absolute(certFile, cwd)), key: readPem('TLS_KEY_FILE', absolute(keyFile, cwd)) };
    assertPair(options);
    return { options, source: 'files', certFile: absolute(certFile, cwd) };
  }
  if (!https) return null;
  const dir = join(absolute(env['DATA_DIR']?.trim() || 'data', cwd), 'certs');
  let certs: Awaited<ReturnType<typeof ensureDevCertificates>>;
  try {
    certs = await ensureDevCertificates(dir);
  } catch (err) {
    // A read-only or foreign-owned data directory: say which setting moves it, not just EACCES.
    throw new TlsConfigError('DATA_DIR', `HTTPS=true keeps the development CA in "${dir}", which failed: ${(err as Error).message}`);
  }
  const options = { cert: readFileSync(certs.certFile, 'utf8'), key: readFileSync(certs.keyFile, 'utf8') };
  return {
    options,
    source: 'dev-ca',
    certFile: certs.certFile,
    caCertFile: certs.caCertFile,
    notice: certs.caCreated ? trustInstructions(certs.caCertFile) : undefined,
  };
}

/** `undefined` when unset, so "not said" and "said false" stay apart. */
function parseSwitch(raw: string | undefined): boolean | undefined {
  const value = raw?.trim().toLowerCase();
  if (!value) return undefined;
  if (ON.has(value)) return true;
  if (OFF.has(value)) return false;
  throw new TlsConfigError('HTTPS', `must be true or false; got "${raw}"`);
}

function absolute(path: string, cwd: string): string {
  return isAbsolute(path) ? path : resolve(cwd, path);
}

function readPem(variable: string, file: string): string {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new TlsConfigError(variable, `cannot read "${file}": ${(err as Error).message}`);
  }
  if (!text.includes('-----BEGIN ')) throw new TlsConfigError(variable, `"${file}" is not a PEM file`);
  return text;
}

/** Fails here, naming the variable, instead of at the first TLS handshake with an OpenSSL code. */
function assertPair(options: TlsOptions): void {
  try {
    createSecureContext({ cert: options.cert });
  } catch (err) {
    throw new TlsConfigError('TLS_CERT_FILE', `is not a usable certificate: ${(err as Error).message}`);
  }
  try {
    createSecureContext(options);
  } catch (err) {
    const message = (err as Error).message;
    throw new TlsConfigError('TLS_KEY_FILE', /key values mismatch/i.test(message) ? 'is not the private key of TLS_CERT_FILE' : `is not a usable private key: ${message}`);
  }
}
