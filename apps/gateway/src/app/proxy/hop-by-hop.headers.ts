/**
 * RFC 9110 §7.6.1: connection-specific headers end at each hop; a proxy must
 * drop them and any header the `Connection` header names. `host` is replaced
 * by the upstream's (the original goes in X-Forwarded-Host).
 */
export const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
]);

/** Header names listed in a `Connection` header value (lower-cased). */
export function connectionTokens(value: string | string[] | undefined): Set<string> | null {
  if (!value) return null;
  // The usual values name no header; skip the split (the profile in bench/README.md: every request and response has one).
  if (value === 'keep-alive' || value === 'close' || value === 'Keep-Alive' || value === 'Close') return null;
  const joined = Array.isArray(value) ? value.join(',') : value;
  const tokens = joined
    .split(',')
    .map((t) => t.trim().toLowerCase())
    .filter((t) => t && t !== 'close' && t !== 'keep-alive');
  return tokens.length ? new Set(tokens) : null;
}
