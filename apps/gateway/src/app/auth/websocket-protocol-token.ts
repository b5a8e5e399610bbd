/** The subprotocol prefix that carries an access token on a WebSocket handshake. */
export const BEARER_PROTOCOL_PREFIX = 'bearer.';

function protocols(header: string | string[] | undefined): string[] {
  if (header === undefined) return [];
  return (Array.isArray(header) ? header.join(',') : header).split(',').map((p) => p.trim()).filter(Boolean);
}

/**
 * The access token of a `bearer.<token>` entry in `Sec-WebSocket-Protocol`
 * (RFC 6455 §11.3.4: a comma-separated list of tokens; a JWT's characters are
 * all token characters), or null. Browsers cannot set `Authorization` on a
 * WebSocket, so this is how a page authenticates its handshake
 * (`new WebSocket(url, ['bearer.' + accessToken])`).
 */
export function protocolBearerToken(header: string | string[] | undefined): string | null {
  const entry = protocols(header).find((p) => p.startsWith(BEARER_PROTOCOL_PREFIX));
  const token = entry?.slice(BEARER_PROTOCOL_PREFIX.length);
  return token ? token : null;
}

/**
 * The `Sec-WebSocket-Protocol` value to forward with the token entry taken
 * out (the service gets the token as `Authorization` instead), or undefined
 * when no protocol is left.
 */
export function protocolsWithoutToken(header: string | string[] | undefined): string | undefined {
  const rest = protocols(header).filter((p) => !p.startsWith(BEARER_PROTOCOL_PREFIX));
  return rest.length ? rest.join(', ') : undefined;
}
