/**
 * Start-up compiled table of endpoints → CORS choice, so a request (and a
 * preflight, by its Access-Control-Request-Method) finds its endpoint's
 * policy before routing: a Map lookup for static paths, a short scan of
 * parameterised ones. Paths use Nest's syntax: `:param`, `*`, `*name`,
 * `{*name}` (rest), `{/optional}` groups.
 */

/** What an endpoint asked for: a policy (by name resolved to the value), none, or nothing said. */
export type CorsRouteChoice<P> = { readonly kind: 'policy'; readonly policy: P } | { readonly kind: 'disabled' } | { readonly kind: 'inherit' };

interface Entry<P> {
  readonly method: string;
  readonly segments: readonly (string | null)[]; // null = one-segment parameter
  readonly rest: boolean;
  readonly choice: CorsRouteChoice<P>;
  readonly staticCount: number;
}

const ALL = 'ALL';
// Per-method memo of path → choice, so the steady state is two Map lookups.
// Bounded (cleared when full) and only for standard methods: clients choose
// both, and must not be able to grow memory.
const CACHE_LIMIT = 4096;
const CACHED_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];

/** Splits a request URL into lowercase path segments (query dropped, trailing slash ignored). */
function requestSegments(url: string): string[] {
  const q = url.indexOf('?');
  let path = q === -1 ? url : url.slice(0, q);
  if (path.length > 1 && path.endsWith('/')) path = path.slice(0, -1);
  return path.toLowerCase().split('/').slice(1);
}

/** Expands `{...}` optional groups (not `{*rest}`) into the paths with and without them. */
export function expandOptionalGroups(path: string): string[] {
  const m = /\{(?!\*)([^{}]*)\}/.exec(path);
  if (m === null) return [path];
  const before = path.slice(0, m.index);
  const after = path.slice(m.index + m[0].length);
  return [...expandOptionalGroups(before + m[1] + after), ...expandOptionalGroups(before + after)];
}

function isRest(segment: string): boolean {
  return segment === '*' || segment === '(.*)' || /^\*\w*$/.test(segment) || /^\{\*\w*\}$/.test(segment);
}

export class CorsRouteTable<P> {
  private readonly staticRoutes = new Map<string, Entry<P>[]>();
  private readonly dynamicRoutes: Entry<P>[] = [];
  private readonly cache = new Map<string, Map<string, CorsRouteChoice<P> | null>>(CACHED_METHODS.map((m) => [m, new Map()]));

  /** Adds an endpoint; `method` is an HTTP method or `ALL`. */
  add(method: string, path: string, choice: CorsRouteChoice<P>): void {
    for (const variant of expandOptionalGroups(path)) {
      const parts = requestSegments(variant.startsWith('/') ? variant : `/${variant}`);
      const restIndex = parts.findIndex(isRest);
      const rest = restIndex !== -1;
      const segments = (rest ? parts.slice(0, restIndex) : parts).map((s) => (s.includes(':') ? null : s));
      const staticCount = segments.filter((s) => s !== null).length;
      const entry: Entry<P> = { method: method.toUpperCase(), segments, rest, choice, staticCount };
      if (!rest && staticCount === segments.length) {
        const key = segments.join('/');
        const list = this.staticRoutes.get(key) ?? [];
        list.push(entry);
        this.staticRoutes.set(key, list);
      } else {
        this.dynamicRoutes.push(entry);
      }
    }
    for (const memo of this.cache.values()) memo.clear();
    // Most specific first: more literal segments, then longer, rest routes last.
    this.dynamicRoutes.sort((a, b) => Number(a.rest) - Number(b.rest) || b.staticCount - a.staticCount || b.segments.length - a.segments.length);
  }

  /** The choice of the endpoint serving `method url`, or undefined when no endpoint matches. */
  match(method: string, url: string): CorsRouteChoice<P> | undefined {
    const q = url.indexOf('?');
    const path = q === -1 ? url : url.slice(0, q);
    const memo = this.cache.get(method);
    if (memo === undefined) return this.lookup(method, path);
    const hit = memo.get(path);
    if (hit !== undefined) return hit ?? undefined;
    const found = this.lookup(method, path);
    if (memo.size >= CACHE_LIMIT) memo.clear();
    memo.set(path, found ?? null);
    return found;
  }

  private lookup(method: string, url: string): CorsRouteChoice<P> | undefined {
    const segments = requestSegments(url);
    const found = this.find(method, segments);
    // Nest serves HEAD from GET handlers on both adapters.
    return found === undefined && method === 'HEAD' ? this.find('GET', segments) : found;
  }

  private find(method: string, segments: string[]): CorsRouteChoice<P> | undefined {
    const list = this.staticRoutes.get(segments.join('/'));
    if (list !== undefined) {
      const hit = list.find((e) => e.method === method) ?? list.find((e) => e.method === ALL);
      if (hit !== undefined) return hit.choice;
    }
    let fallback: Entry<P> | undefined;
    for (const e of this.dynamicRoutes) {
      if ((e.method === method || e.method === ALL) && matches(e, segments)) {
        if (e.method === method) return e.choice;
        fallback ??= e;
      }
    }
    return fallback?.choice;
  }
}

function matches(e: Entry<unknown>, segments: string[]): boolean {
  if (e.rest ? segments.length < e.segments.length : segments.length !== e.segments.length) return false;
  for (let i = 0; i < e.segments.length; i++) {
    const s = e.segments[i];
    if (s === null ? segments[i] === '' : s !== segments[i]) return false;
  }
  return true;
}
