import { CorsConfigError } from './cors-config.error';

/** A `scheme://*.host[:port]` pattern, split so matching needs no regex. */
export interface WildcardOrigin {
  /** `https://` */
  readonly prefix: string;
  /** `.example.com` or `.example.com:8443` */
  readonly suffix: string;
  /** the normalised pattern, for messages */
  readonly pattern: string;
}

export type ParsedOrigin =
  | { readonly kind: 'exact'; readonly origin: string }
  | { readonly kind: 'wildcard'; readonly wildcard: WildcardOrigin };

const SCHEME = /^[a-z][a-z0-9+.-]*:\/\//i;
// A label no real host uses; lets `new URL` normalise the rest of a wildcard pattern.
const PLACEHOLDER = 'corsway-wildcard-placeholder';

/**
 * Parses and normalises an origin as written in a policy: lowercase scheme and
 * host, default port dropped, IDN converted to punycode (all by WHATWG `URL`,
 * the same serialisation browsers use for the `Origin` header, Fetch §3.2.5).
 * Anything that cannot be an origin fails here, at build time, with the fix.
 */
export function parseOrigin(spec: string, field: string): ParsedOrigin {
  const fail = (code: ConstructorParameters<typeof CorsConfigError>[0], msg: string): never => {
    throw new CorsConfigError(code, field, msg);
  };
  if (typeof spec !== 'string' || spec.trim() === '' || spec !== spec.trim()) {
    return fail('origin-malformed', `origin ${JSON.stringify(spec)} is not a valid origin; write e.g. "https://app.example.com"`);
  }
  if (!SCHEME.test(spec)) {
    return fail('origin-missing-scheme', `origin "${spec}" has no scheme; write "https://${spec.replace(/^\/*/, '')}"`);
  }
  const afterScheme = spec.indexOf('://') + 3;
  const authorityEnd = firstIndexOf(spec, afterScheme, '/?#');
  const authority = spec.slice(afterScheme, authorityEnd);
  const base = spec.slice(0, authorityEnd);
  if (authorityEnd < spec.length) {
    const rest = spec.slice(authorityEnd);
    if (rest === '/') return fail('origin-trailing-slash', `origin "${spec}" ends with a slash; an Origin header never does, write "${base}"`);
    if (rest[0] === '/') return fail('origin-has-path', `origin "${spec}" has a path; an origin is scheme://host[:port] only, write "${base}"`);
    return fail('origin-has-query', `origin "${spec}" has a query or fragment; write "${base}"`);
  }
  if (authority.includes('@')) {
    return fail('origin-malformed', `origin "${spec}" contains user info; write scheme://host[:port]`);
  }
  const star = authority.indexOf('*');
  const wildcard = star !== -1;
  if (wildcard && (star !== 0 || authority[1] !== '.' || authority.indexOf('*', 1) !== -1 || spec.indexOf('*') < afterScheme)) {
    return fail('origin-misplaced-wildcard', `origin "${spec}" has a wildcard in the wrong place; only a leading subdomain wildcard is supported, e.g. "https://*.example.com"`);
  }
  let url: URL;
  try {
    url = new URL(wildcard ? `${spec.slice(0, afterScheme)}${PLACEHOLDER}${authority.slice(1)}` : spec);
  } catch {
    return fail('origin-malformed', `origin "${spec}" is not a valid URL origin; write e.g. "https://app.example.com"`);
  }
  if (url.hostname === '') {
    return fail('origin-malformed', `origin "${spec}" has no host; write e.g. "https://app.example.com"`);
  }
  // Non-special schemes (chrome-extension:, capacitor:) serialise to "null" in
  // url.origin; browsers send scheme://host for them, so build it ourselves.
  const origin = url.origin !== 'null' ? url.origin : `${url.protocol}//${url.host}`.toLowerCase();
  if (!wildcard) return { kind: 'exact', origin };
  const prefix = `${url.protocol}//`;
  const suffix = origin.slice(prefix.length + PLACEHOLDER.length);
  if (suffix.split('.').filter(Boolean).length < 2 && !suffix.startsWith('.localhost')) {
    return fail('origin-misplaced-wildcard', `origin "${spec}" wildcards a top-level domain; name a registrable domain, e.g. "https://*.example.com"`);
  }
  return { kind: 'wildcard', wildcard: { prefix, suffix, pattern: `${prefix}*${suffix}` } };
}

function firstIndexOf(s: string, from: number, chars: string): number {
  for (let i = from; i < s.length; i++) if (chars.includes(s[i])) return i;
  return s.length;
}

/**
 * True when `origin` is `prefix` + one or more DNS labels + `suffix`.
 * Any depth (`a.b.example.com`), never the bare domain (`https://example.com`
 * lacks the dot), never a look-alike (`https://evil-example.com` does not end
 * with `.example.com`), same scheme and port (both are part of prefix/suffix).
 * Character scan instead of a regex: this runs per request.
 */
export function matchesWildcard(origin: string, w: WildcardOrigin): boolean {
  const start = w.prefix.length;
  const end = origin.length - w.suffix.length;
  if (end <= start || !origin.startsWith(w.prefix) || !origin.endsWith(w.suffix)) return false;
  let prev = 46; // '.' so a leading dot is rejected
  for (let i = start; i < end; i++) {
    const c = origin.charCodeAt(i);
    const label = (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 45;
    if (!label && !(c === 46 && prev !== 46)) return false;
    prev = c;
  }
  return prev !== 46;
}
