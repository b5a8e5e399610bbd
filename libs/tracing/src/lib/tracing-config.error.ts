/** A tracing setting that stops start-up; `field` names the variable to fix. */
export class TracingConfigError extends Error {
  override readonly name = 'TracingConfigError';
  constructor(
    readonly field: string,
    problem: string,
  ) {
    super(`${field}: ${problem}`);
  }
}
