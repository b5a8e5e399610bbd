import { GatewayConfigError } from '../config/gateway-config.error';

/*
 * Names. The config file keeps Ocelot's words: a route's `upstream` is the
 * path the CLIENT calls, its `downstream` the path on the SERVICE. Inside the
 * code "upstream" means the upstream server (the service instance a request
 * is forwarded to), so the two templates are named for whose path they are:
 * the client path template (`routes[i].upstream`) and the service path
 * template (`routes[i].downstream`).
 */

/**
 * One segment of a client path template. `{name}` matches one path segment;
 * a trailing `{*name}` or `{everything}` (Ocelot's convention) matches the rest
 * of the path, slashes included, possibly empty.
 */
export type TemplateSegment =
  | { readonly kind: 'literal'; readonly value: string }
  | { readonly kind: 'param'; readonly name: string }
  | { readonly kind: 'catchAll'; readonly name: string };

export interface ClientPathTemplate {
  readonly source: string;
  readonly segments: readonly TemplateSegment[];
  readonly params: ReadonlySet<string>;
  /** Sort key: more literals first, then fewer catch-alls, then more segments. */
  readonly literalCount: number;
  readonly hasCatchAll: boolean;
}

const PLACEHOLDER = /^\{(\*{0,2})([A-Za-z_][A-Za-z0-9_]*)\}$/;
const CATCH_ALL_NAME = 'everything';

/** Parses `routes[i].upstream`, the path template clients call. */
export function parseClientPathTemplate(source: string, field: string): ClientPathTemplate {
  if (!source.startsWith('/')) throw new GatewayConfigError(field, `"${source}" must start with "/"`);
  if (source.includes('?') || source.includes('#')) throw new GatewayConfigError(field, `"${source}" must be a path without query or fragment`);
  const parts = source === '/' ? [] : source.slice(1).split('/');
  const names = new Set<string>();
  const segments = parts.map((part, i): TemplateSegment => {
    const m = PLACEHOLDER.exec(part);
    if (!m) {
      if (part.includes('{') || part.includes('}')) {
        throw new GatewayConfigError(field, `segment "${part}" of "${source}": a placeholder must be a whole segment like {id}`);
      }
      if (part === '' && i !== parts.length - 1) throw new GatewayConfigError(field, `"${source}" has an empty segment ("//")`);
      return { kind: 'literal', value: part };
    }
    const [, stars, name] = m;
    if (names.has(name)) throw new GatewayConfigError(field, `placeholder {${name}} appears twice in "${source}"`);
    names.add(name);
    const catchAll = stars !== '' || name === CATCH_ALL_NAME;
    if (catchAll && i !== parts.length - 1) {
      throw new GatewayConfigError(field, `catch-all {${stars}${name}} must be the last segment of "${source}"`);
    }
    return catchAll ? { kind: 'catchAll', name } : { kind: 'param', name };
  });
  return Object.freeze({
    source,
    segments: Object.freeze(segments),
    params: names,
    literalCount: segments.filter((s) => s.kind === 'literal').length,
    hasCatchAll: segments.some((s) => s.kind === 'catchAll'),
  });
}

/**
 * Matches a raw (still percent-encoded) client path. Values stay encoded so
 * the service path carries exactly the bytes the client sent.
 */
export function matchClientPath(template: ClientPathTemplate, path: string): Record<string, string> | null {
  const parts = path === '/' ? [] : path.slice(1).split('/');
  const values: Record<string, string> = {};
  const segs = template.segments;
  for (let i = 0; i < segs.length; i++) {
    const seg = segs[i];
    if (seg.kind === 'catchAll') {
      // `/users/{everything}` needs the slash: `/users/` matches (empty), `/users` does not.
      if (i > 0 && parts.length <= i) return null;
      values[seg.name] = parts.slice(i).join('/');
      return values;
    }
    const part = parts[i];
    if (part === undefined) return null;
    if (seg.kind === 'literal') {
      // Literal segments compare case-insensitively, as ASP.NET/Ocelot routing does.
      if (part.toLowerCase() !== seg.value.toLowerCase()) return null;
    } else {
      if (part === '') return null;
      values[seg.name] = part;
    }
  }
  return parts.length === segs.length ? values : null;
}

/** A service path template (`routes[i].downstream`): literal text with `{name}` holes filled from the client path's match. */
export interface ServicePathTemplate {
  readonly source: string;
  readonly pieces: readonly (string | { readonly param: string })[];
}

export function parseServicePathTemplate(source: string, client: ClientPathTemplate, field: string): ServicePathTemplate {
  if (!source.startsWith('/')) throw new GatewayConfigError(field, `"${source}" must start with "/"`);
  const pieces: (string | { param: string })[] = [];
  const re = /\{\*{0,2}([A-Za-z_][A-Za-z0-9_]*)\}/g;
  let last = 0;
  for (let m = re.exec(source); m; m = re.exec(source)) {
    if (!client.params.has(m[1])) {
      throw new GatewayConfigError(field, `placeholder {${m[1]}} is not defined by the route's upstream path "${client.source}"`);
    }
    if (m.index > last) pieces.push(source.slice(last, m.index));
    pieces.push({ param: m[1] });
    last = re.lastIndex;
  }
  if (last < source.length) pieces.push(source.slice(last));
  const rest = pieces.filter((p): p is string => typeof p === 'string').join('');
  if (rest.includes('{') || rest.includes('}')) throw new GatewayConfigError(field, `"${source}" has a malformed placeholder`);
  return Object.freeze({ source, pieces: Object.freeze(pieces) });
}

/** The service path for one matched client path. */
export function renderServicePath(template: ServicePathTemplate, values: Record<string, string>): string {
  let out = '';
  for (const piece of template.pieces) out += typeof piece === 'string' ? piece : values[piece.param] ?? '';
  // `/{everything}` with an empty match must not become `//x`.
  return out.replace(/\/{2,}/g, '/');
}
