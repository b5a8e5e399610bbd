export { devCertificatePaths, ensureDevCertificates } from './lib/dev-certificates';
export type { DevCertificatePaths, DevCertificates } from './lib/dev-certificates';
export { resolveTls } from './lib/tls-options';
export type { ResolvedTls, TlsOptions } from './lib/tls-options';
export { TlsConfigError } from './lib/tls-config.error';
export { trustInstructions } from './lib/trust-instructions';
