// The environment each app gets from `npm start` and `npm run dev` (`nx serve`):
// one place that turns the port variables and the HTTPS switch into every
// app's PORT, origins and URLs, so the two commands cannot drift apart.
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

export const DEFAULT_PORTS = { 'user-service': '7101', gateway: '7204', web: '7152' };
const PORT_VARIABLES = { 'user-service': 'USER_SERVICE_PORT', gateway: 'GATEWAY_PORT', web: 'WEB_PORT' };
const ON = /^(true|1|yes|on)$/i;

export function httpsRequested(env) {
  return ON.test(env.HTTPS ?? '');
}

/** Ports of the three apps from USER_SERVICE_PORT, GATEWAY_PORT, WEB_PORT; a bad value names its variable. */
export function stackPorts(env) {
  const ports = {};
  for (const [app, variable] of Object.entries(PORT_VARIABLES)) {
    const value = env[variable]?.trim() || DEFAULT_PORTS[app];
    if (!/^\d+$/.test(value) || Number(value) > 65535) throw new Error(`Invalid configuration ${variable}: "${value}" is not a port number (0-65535)`);
    ports[app] = value;
  }
  return ports;
}

/**
 * What `app` needs on top of `env`: its PORT, and for the gateway WEB_ORIGIN and
 * USER_SERVICE_URL (the placeholders of its shipped config), for web
 * GATEWAY_BASE_URL; each only when the user did not set it. Under HTTPS with
 * the development CA, NODE_EXTRA_CA_CERTS so the app trusts the others.
 */
export function appEnv(app, env, { root, https = httpsRequested(env), gatewayConfig } = {}) {
  const ports = stackPorts(env);
  const scheme = https ? 'https' : 'http';
  const out = { NODE_ENV: 'development', ...env, PORT: ports[app] };
  delete out.NX_TUI;
  if (https) {
    out.HTTPS = 'true';
    if (!env.TLS_CERT_FILE) out.NODE_EXTRA_CA_CERTS = devCaFile(root, env);
  }
  if (app === 'gateway') {
    out.WEB_ORIGIN = env.WEB_ORIGIN || `${scheme}://localhost:${ports.web}`;
    out.USER_SERVICE_URL = env.USER_SERVICE_URL || `${scheme}://127.0.0.1:${ports['user-service']}`;
    if (gatewayConfig) out.GATEWAY_CONFIG = gatewayConfig;
  }
  if (app === 'web') out.GATEWAY_BASE_URL = env.GATEWAY_BASE_URL || `${scheme}://localhost:${ports.gateway}`;
  return out;
}

/**
 * Node reads ONE file from NODE_EXTRA_CA_CERTS, once, at start. When the
 * user's environment already names one (a corporate CA, Debian's bundle),
 * keep it and add the development CA: a bundle of both next to the CA.
 * Call after the CA exists (user-service creates it on its first HTTPS start).
 */
export function withDevCaTrust(childEnv, root, env) {
  const ca = devCaFile(root, env);
  if (childEnv.NODE_EXTRA_CA_CERTS !== ca || !env.NODE_EXTRA_CA_CERTS || !existsSync(ca)) return childEnv;
  let existing = '';
  try {
    existing = readFileSync(env.NODE_EXTRA_CA_CERTS, 'utf8');
  } catch {
    return childEnv; // unreadable: Node would only warn about it; ours alone
  }
  const bundle = join(dirname(ca), 'extra-ca-bundle.pem');
  // Two apps starting together (npm run dev) write the same bytes; rename so neither reads half a file.
  const tmp = `${bundle}.${process.pid}.tmp`;
  writeFileSync(tmp, `${existing.trimEnd()}\n${readFileSync(ca, 'utf8')}`);
  renameSync(tmp, bundle);
  return { ...childEnv, NODE_EXTRA_CA_CERTS: bundle };
}

/** Where libs/dev-certs keeps the development CA: `<DATA_DIR or ./data>/certs/ca.pem`. */
export function devCaFile(root, env) {
  return resolve(root, env.DATA_DIR || 'data', 'certs', 'ca.pem');
}

export function webOrigin(env, https = httpsRequested(env)) {
  return env.WEB_ORIGIN || `${https ? 'https' : 'http'}://localhost:${stackPorts(env).web}`;
}
