/** The token of an `Authorization: Bearer <token>` header (RFC 6750 §2.1), or null. */
export function bearerToken(header: string | string[] | undefined): string | null {
  if (typeof header !== 'string') return null;
  const m = /^Bearer[ ]+([A-Za-z0-9\-._~+/]+=*)\s*$/i.exec(header);
  return m ? m[1] : null;
}

/** RFC 6750 §3 challenge; no error code when the request simply had no token. */
export function bearerChallenge(error?: { code: 'invalid_token' | 'invalid_request'; description: string }): string {
  const base = 'Bearer realm="corsway"';
  if (!error) return base;
  const description = error.description.replace(/["\\]/g, "'");
  return `${base}, error="${error.code}", error_description="${description}"`;
}
