import type { RouteConfig } from '../config/gateway-config.types';
import {
  type ClientPathTemplate,
  matchClientPath,
  parseClientPathTemplate,
  parseServicePathTemplate,
  renderServicePath,
  type ServicePathTemplate,
} from './route-template';
import { isServiceOnlyPath } from './service-only-paths';

/** A route ready to serve: templates parsed, methods as a set. */
export interface CompiledRoute {
  /** `routes[i]`: the index in the file, used in logs and as the rate-limit key. */
  readonly id: string;
  readonly config: RouteConfig;
  /** `routes[i].upstream`: the path template clients call. */
  readonly clientPath: ClientPathTemplate;
  /** `routes[i].downstream`: the path template on the service. */
  readonly servicePath: ServicePathTemplate;
  readonly methods: ReadonlySet<string> | null;
}

export type RouteMatch =
  | { readonly kind: 'route'; readonly route: CompiledRoute; readonly servicePath: string }
  | { readonly kind: 'methodNotAllowed'; readonly allow: readonly string[] }
  | { readonly kind: 'none' };

/**
 * The route table. Routes are tried most specific first (more literal segments,
 * then no catch-all, then more segments, then file order); the first one whose
 * template AND method match wins, so `GET /users/user/login` falls through to
 * `/users/{everything}` when the login route only allows POST. A path that some
 * route matches under another method only is a 405. A route whose service
 * path would be a service's own `/metrics` does not match at all
 * (routing/service-only-paths.ts).
 */
// Memo of `method path` -> match: the scan is linear in the routes, and most
// traffic hits a few paths. Per standard method and bounded (cleared when
// full): clients choose paths, and must not be able to grow memory. A reload
// builds a new table, so the memo never outlives the routes it describes.
const MEMO_LIMIT = 4096;
const MEMO_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];

export class RouteTable {
  readonly routes: readonly CompiledRoute[];
  private readonly memo = new Map<string, Map<string, RouteMatch>>(MEMO_METHODS.map((m) => [m, new Map()]));

  constructor(configs: readonly RouteConfig[]) {
    const compiled = configs.map((config, i) => compileRoute(config, `routes[${i}]`));
    this.routes = Object.freeze(
      compiled
        .map((route, index) => ({ route, index }))
        .sort((a, b) => compareSpecificity(a.route.clientPath, b.route.clientPath) || a.index - b.index)
        .map((x) => x.route),
    );
  }

  /** The route serving `method path` (path without the query), memoised. */
  match(method: string, path: string): RouteMatch {
    const memo = this.memo.get(method);
    if (memo === undefined) return this.scan(method, path);
    let found = memo.get(path);
    if (found === undefined) {
      found = this.scan(method, path);
      if (memo.size >= MEMO_LIMIT) memo.clear();
      memo.set(path, found);
    }
    return found;
  }

  private scan(method: string, path: string): RouteMatch {
    let allow: Set<string> | null = null;
    for (const route of this.routes) {
      const values = matchClientPath(route.clientPath, path);
      if (!values) continue;
      const servicePath = renderServicePath(route.servicePath, values);
      // A route never reaches a service's own metrics (routing/service-only-paths.ts): as if it did not match.
      if (isServiceOnlyPath(servicePath)) continue;
      if (route.methods === null || route.methods.has(method) || (method === 'HEAD' && route.methods.has('GET'))) {
        return Object.freeze({ kind: 'route', route, servicePath });
      }
      allow ??= new Set();
      for (const m of route.methods) allow.add(m);
    }
    return allow ? Object.freeze({ kind: 'methodNotAllowed', allow: Object.freeze([...allow].sort()) }) : NONE;
  }

  /** The services the table routes to (for readiness). */
  services(): string[] {
    return [...new Set(this.routes.map((r) => r.config.service))];
  }
}

const NONE: RouteMatch = Object.freeze({ kind: 'none' });

function compileRoute(config: RouteConfig, field: string): CompiledRoute {
  const clientPath = parseClientPathTemplate(config.upstream, `${field}.upstream`);
  return Object.freeze({
    id: field,
    config,
    clientPath,
    servicePath: parseServicePathTemplate(config.downstream, clientPath, `${field}.downstream`),
    methods: config.methods ? new Set(config.methods) : null,
  });
}

function compareSpecificity(a: ClientPathTemplate, b: ClientPathTemplate): number {
  return (
    b.literalCount - a.literalCount ||
    Number(a.hasCatchAll) - Number(b.hasCatchAll) ||
    b.segments.length - a.segments.length
  );
}
