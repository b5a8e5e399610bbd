/**
 * A bad metrics setting found at start-up. Same shape as the apps' own config
 * errors (apps/user-service/src/app/config/config.error.ts): the message
 * starts with the variable to fix.
 */
export class MetricsConfigError extends Error {
  constructor(
    readonly field: string,
    problem: string,
  ) {
    super(`Invalid configuration ${field}: ${problem}`);
    this.name = 'MetricsConfigError';
  }
}
