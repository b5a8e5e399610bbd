import { GatewayConfigError } from '../config/gateway-config.error';

/**
 * One segment of an upstream template. `{name}` matches one path segment;
 * a trailing `{*name}` or `{everything}` (Ocelot's convention) matches the rest
 * of the path, slashes included, possibly empty.
 */
export type TemplateSegment =
  | { readonly kind: 'literal'; readonly value: string }
  | { readonly kind: 'param'; readonly name: string }
  | { readonly kind: 'catchAll'; readonly name: string };

export interface UpstreamTemplate {
  readonly source: string;
  readonly segments: readonly TemplateSegment[];
  readonly params: ReadonlySet<string>;
  /** Sort key: more literals first, then fewer catch-alls, then more segments. */
  readonly literalCount: number;
  readonly hasCatchAll: boolean;
}

const PLACEHOLDER = /^\{(\*{0,2})([A-Za-z_][A-Za-z0-9_]*)\}$/;
const CATCH_ALL_NAME = 'everything';

export function parseUpstreamTemplate(source: string, field: string): UpstreamTemplate {
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
 * Matches a raw (still percent-encoded) path. Values stay encoded so the
 * downstream path carries exactly the bytes the client sent.
 */
export function matchUpstreamTemplate(template: UpstreamTemplate, path: string): Record<string, string> | null {
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

/** A downstream template: literal text with `{name}` holes filled from the upstream match. */
export interface DownstreamTemplate {
  readonly source: string;
  readonly pieces: readonly (string | { readonly param: string })[];
}

export function parseDownstreamTemplate(source: string, upstream: UpstreamTemplate, field: string): DownstreamTemplate {
  if (!source.startsWith('/')) throw new GatewayConfigError(field, `"${source}" must start with "/"`);
  const pieces: (string | { param: string })[] = [];
  const re = /\{\*{0,2}([A-Za-z_][A-Za-z0-9_]*)\}/g;
  let last = 0;
  for (let m = re.exec(source); m; m = re.exec(source)) {
    if (!upstream.params.has(m[1])) {
      throw new GatewayConfigError(field, `placeholder {${m[1]}} is not defined by the upstream template "${upstream.source}"`);
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

export function renderDownstream(template: DownstreamTemplate, values: Record<string, string>): string {
  let out = '';
  for (const piece of template.pieces) out += typeof piece === 'string' ? piece : values[piece.param] ?? '';
  // `/{everything}` with an empty match must not become `//x`.
  return out.replace(/\/{2,}/g, '/');
}
