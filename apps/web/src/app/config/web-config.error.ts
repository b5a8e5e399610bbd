/**
 * A bad environment value. Thrown while the app is being built so start-up
 * stops with a message that names the variable (team brief: "Config errors
 * stop start-up with a message naming the field").
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
