/**
 * Allocation-free helpers for the per-request path: ASCII case-insensitive
 * comparison of comma-separated tokens against precompiled lowercase lists.
 * (Methods and header names are ASCII tokens, RFC 9110 §5.6.2.)
 */

/** Longest header value we ever reflect; longer values are refused, not echoed. */
export const MAX_REFLECTED_LENGTH = 2048;

function isTchar(c: number): boolean {
  // RFC 9110 tchar: ALPHA / DIGIT / "!#$%&'*+-.^_`|~"
  return (
    (c >= 97 && c <= 122) ||
    (c >= 65 && c <= 90) ||
    (c >= 48 && c <= 57) ||
    c === 33 || (c >= 35 && c <= 39) || c === 42 || c === 43 || c === 45 || c === 46 ||
    c === 94 || c === 95 || c === 96 || c === 124 || c === 126
  );
}

/** A single token (a method name): non-empty, short, tchars only. */
export function isToken(s: string): boolean {
  if (s.length === 0 || s.length > 64) return false;
  for (let i = 0; i < s.length; i++) if (!isTchar(s.charCodeAt(i))) return false;
  return true;
}

/**
 * A comma-separated token list safe to reflect verbatim (no CR/LF or other
 * control characters, bounded length), so echoing it can never split a header.
 */
export function isSafeTokenList(s: string): boolean {
  if (s.length > MAX_REFLECTED_LENGTH) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (!isTchar(c) && c !== 44 && c !== 32 && c !== 9) return false;
  }
  return true;
}

/** Same check for an origin we reflect after a wildcard or predicate matched it. */
export function isSafeOrigin(s: string): boolean {
  if (s.length === 0 || s.length > MAX_REFLECTED_LENGTH) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    // visible ASCII except comma (two origins joined by a proxy) and space
    if (c <= 32 || c >= 127 || c === 44) return false;
  }
  return true;
}

/** `s[start..end)` equals `lower` ignoring ASCII case. */
function equalsIgnoreCase(s: string, start: number, end: number, lower: string): boolean {
  if (end - start !== lower.length) return false;
  for (let i = 0; i < lower.length; i++) {
    let c = s.charCodeAt(start + i);
    if (c >= 65 && c <= 90) c |= 32;
    if (c !== lower.charCodeAt(i)) return false;
  }
  return true;
}

/** Index of `s[start..end)` in `list` (lowercase entries), ignoring case; -1 if absent. */
export function indexOfIgnoreCase(s: string, start: number, end: number, list: readonly string[]): number {
  for (let i = 0; i < list.length; i++) if (equalsIgnoreCase(s, start, end, list[i])) return i;
  return -1;
}

/**
 * The first token of the comma-separated `value` that is in neither list, or
 * null when all are. Empty tokens are skipped. No substring is allocated
 * unless a token is missing (that is the refusal path).
 */
export function firstTokenNotIn(value: string, list: readonly string[], always: readonly string[]): string | null {
  let i = 0;
  const n = value.length;
  while (i < n) {
    while (i < n && (value.charCodeAt(i) === 32 || value.charCodeAt(i) === 9 || value.charCodeAt(i) === 44)) i++;
    if (i >= n) break;
    let end = value.indexOf(',', i);
    if (end === -1) end = n;
    let last = end;
    while (last > i && (value.charCodeAt(last - 1) === 32 || value.charCodeAt(last - 1) === 9)) last--;
    if (indexOfIgnoreCase(value, i, last, list) === -1 && indexOfIgnoreCase(value, i, last, always) === -1) {
      return value.slice(i, last);
    }
    i = end + 1;
  }
  return null;
}
