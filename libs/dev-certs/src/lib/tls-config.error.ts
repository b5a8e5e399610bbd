/** A TLS setting that cannot work; `variable` is the environment variable to fix. */
export class TlsConfigError extends Error {
  override readonly name = 'TlsConfigError';
  constructor(
    readonly variable: string,
    readonly reason: string,
  ) {
    super(`Invalid configuration ${variable}: ${reason}`);
  }
}
