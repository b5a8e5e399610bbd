/**
 * A bad environment value. Thrown while the app is being built so start-up
 * stops with a message that names the variable (docs/ARCHITECTURE.md "Style":
 * fail at start-up, not per request, naming the field).
 */
export class WebConfigError extends Error {
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(`${variable}: ${message}`);
    this.name = 'WebConfigError';
  }
}
