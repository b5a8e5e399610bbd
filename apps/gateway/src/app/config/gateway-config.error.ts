/**
 * A gateway configuration error. `field` is the JSON path of the offending
 * field (`routes[2].upstream`) so start-up stops with a message that names it
 * (docs/ARCHITECTURE.md "Style": fail at start-up, naming the field).
 */
export class GatewayConfigError extends Error {
  override readonly name = 'GatewayConfigError';
  constructor(
    readonly field: string,
    readonly reason: string,
  ) {
    super(`${field}: ${reason}`);
  }
}
