/**
 * A failure the gateway answers itself, always as the envelope with this
 * status and message (DESIGN.md "The API contract").
 */
export class GatewayHttpError extends Error {
  override readonly name = 'GatewayHttpError';
  constructor(
    readonly status: number,
    message: string,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
  }
}
