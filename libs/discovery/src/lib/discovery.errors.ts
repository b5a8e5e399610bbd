/**
 * A discovery configuration error. `field` is the JSON path of the offending
 * field so start-up can stop with a message that names it.
 */
export class DiscoveryConfigError extends Error {
  override readonly name = 'DiscoveryConfigError';
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
  }
}
