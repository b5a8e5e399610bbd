/**
 * One spelling per path. A route's rate limit, auth and CORS policy apply to
 * a path only if every way of writing that path reaches the same route;
 * services normalize paths before routing them (Fastify's router decodes
 * `%6C` to `l`, many servers merge `//`), so a spelling the route table did
 * not match would reach the service through a catch-all route instead,
 * past the limits of the route it really names. The rule, applied before
 * route matching:
 *
 * - refused (400): a path that is not origin-form (RFC 9112 §3.2.1), an empty
 *   segment (`//`, a trailing `/` other than the root path), a `.` or `..`
 *   segment (RFC 3986 §5.2.4, also percent-encoded), an encoded `/`, `\` or
 *   NUL (`%2F`, `%5C`, `%00`), a raw `\`, and a malformed percent escape;
 * - normalized: percent-encoded unreserved characters are decoded (`%6C` ->
 *   `l`, RFC 3986 §6.2.2.2) and the hex of the remaining escapes is
 *   upper-cased (§6.2.2.1).
 *
 * Literal segments already compare case-insensitively (routing/route-table.ts),
 * as ASP.NET and Ocelot routing do.
 */
export type PathSpelling = { readonly ok: true; readonly path: string } | { readonly ok: false; readonly problem: string };

const UNRESERVED = /[A-Za-z0-9\-._~]/;
const REFUSED_ESCAPES: Readonly<Record<string, string>> = { '2F': 'an encoded "/" (%2F)', '5C': 'an encoded "\\" (%5C)', '00': 'an encoded NUL (%00)' };

export function spellPath(path: string): PathSpelling {
  if (path.charCodeAt(0) !== 47 /* / */) return refuse('the request target must be a path starting with "/"');
  if (path === '/') return { ok: true, path };
  // The common case: nothing to decode, no empty or dot segment.
  const suspicious = path.includes('%') || path.includes('//') || path.includes('\\') || path.includes('.') || path.endsWith('/');
  if (!suspicious) return { ok: true, path };
  if (path.includes('\\')) return refuse('it contains "\\"; use "/" between segments');
  let out = '';
  for (let i = 0; i < path.length; i++) {
    const c = path[i];
    if (c !== '%') {
      out += c;
      continue;
    }
    const hex = path.slice(i + 1, i + 3).toUpperCase();
    if (!/^[0-9A-F]{2}$/.test(hex)) return refuse(`"${path.slice(i, i + 3)}" is not a percent escape`);
    if (REFUSED_ESCAPES[hex] !== undefined) return refuse(`it contains ${REFUSED_ESCAPES[hex]}`);
    const decoded = String.fromCharCode(parseInt(hex, 16));
    out += UNRESERVED.test(decoded) ? decoded : `%${hex}`;
    i += 2;
  }
  const segments = out.slice(1).split('/');
  for (const segment of segments) {
    if (segment === '') return refuse('it has an empty segment ("//" or a trailing "/")');
    if (segment === '.' || segment === '..') return refuse('it has a "." or ".." segment');
  }
  return { ok: true, path: out };
}

function refuse(why: string): PathSpelling {
  return { ok: false, problem: `The path is not in its one accepted spelling: ${why}. Send the normalized path.` };
}
