/**
 * A failure the gateway answers itself, always as the envelope with this
 * status and message (docs/ARCHITECTURE.md "The API contract").
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

/** Every 503 tells the client when to come back (RFC 9110 §10.2.3), upstream or key set alike. */
export const RETRY_SOON: Readonly<Record<string, string>> = Object.freeze({ 'retry-after': '5' });
