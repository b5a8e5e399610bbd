import type { GatewayConfigStore } from '../config/gateway-config.store';

/**
 * The `endpointResolver` of the config routes: which CORS policy governs
 * `method path`. A policy name, `false` (the route disabled CORS) or
 * `undefined` (no route, or the route names none: the default policy applies,
 * so a 404 still carries CORS headers). For a preflight the CORS layer passes
 * the Access-Control-Request-Method, so the route that would serve the real
 * request decides (DESIGN.md "CORS semantics").
 */
export function routePolicyResolver(store: GatewayConfigStore): (method: string, path: string) => string | false | undefined {
  return (method, path) => {
    const q = path.indexOf('?');
    const match = store.current.routes.match(method.toUpperCase(), q === -1 ? path : path.slice(0, q));
    return match.kind === 'route' ? match.route.config.cors : undefined;
  };
}
