/** A configuration problem found at start-up; `field` names the variable to fix. */
export class ConfigError extends Error {
  constructor(
    readonly field: string,
    problem: string,
  ) {
    super(`Invalid configuration ${field}: ${problem}`);
    this.name = 'ConfigError';
  }
}
