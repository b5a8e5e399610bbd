import type { RouteConfig } from '../config/gateway-config.types';
import {
  type DownstreamTemplate,
  matchUpstreamTemplate,
  parseDownstreamTemplate,
  parseUpstreamTemplate,
  renderDownstream,
  type UpstreamTemplate,
} from './route-template';

/** A route ready to serve: templates parsed, methods as a set. */
export interface CompiledRoute {
  /** `routes[i]`: the index in the file, used in logs and as the rate-limit key. */
  readonly id: string;
  readonly config: RouteConfig;
  readonly upstream: UpstreamTemplate;
  readonly downstream: DownstreamTemplate;
  readonly methods: ReadonlySet<string> | null;
}

export type RouteMatch =
  | { readonly kind: 'route'; readonly route: CompiledRoute; readonly downstreamPath: string }
  | { readonly kind: 'methodNotAllowed'; readonly allow: readonly string[] }
  | { readonly kind: 'none' };

/**
 * The route table. Routes are tried most specific first (more literal segments,
 * then no catch-all, then more segments, then file order); the first one whose
 * template AND method match wins, so `GET /users/user/login` falls through to
 * `/users/{everything}` when the login route only allows POST. A path that some
 * route matches under another method only is a 405.
 */
export class RouteTable {
  readonly routes: readonly CompiledRoute[];

  constructor(configs: readonly RouteConfig[]) {
    const compiled = configs.map((config, i) => compileRoute(config, `routes[${i}]`));
    this.routes = Object.freeze(
      compiled
        .map((route, index) => ({ route, index }))
        .sort((a, b) => compareSpecificity(a.route.upstream, b.route.upstream) || a.index - b.index)
        .map((x) => x.route),
    );
  }

  match(method: string, path: string): RouteMatch {
    let allow: Set<string> | null = null;
    for (const route of this.routes) {
      const values = matchUpstreamTemplate(route.upstream, path);
      if (!values) continue;
      if (route.methods === null || route.methods.has(method) || (method === 'HEAD' && route.methods.has('GET'))) {
        return { kind: 'route', route, downstreamPath: renderDownstream(route.downstream, values) };
      }
      allow ??= new Set();
      for (const m of route.methods) allow.add(m);
    }
    return allow ? { kind: 'methodNotAllowed', allow: [...allow].sort() } : { kind: 'none' };
  }

  /** The services the table routes to (for readiness). */
  services(): string[] {
    return [...new Set(this.routes.map((r) => r.config.service))];
  }
}

function compileRoute(config: RouteConfig, field: string): CompiledRoute {
  const upstream = parseUpstreamTemplate(config.upstream, `${field}.upstream`);
  return Object.freeze({
    id: field,
    config,
    upstream,
    downstream: parseDownstreamTemplate(config.downstream, upstream, `${field}.downstream`),
    methods: config.methods ? new Set(config.methods) : null,
  });
}

function compareSpecificity(a: UpstreamTemplate, b: UpstreamTemplate): number {
  return (
    b.literalCount - a.literalCount ||
    Number(a.hasCatchAll) - Number(b.hasCatchAll) ||
    b.segments.length - a.segments.length
  );
}
