import type { IncomingHttpHeaders } from 'node:http';
import type { CorsDecision } from '../evaluate/cors-decision';
import { corsRequestFromHeaders } from '../evaluate/cors-request';
import { evaluateCors } from '../evaluate/evaluate-cors';
import type { CorsPolicy } from '../policy/cors-policy';
import type { CorsPolicyProvider } from './cors-policy.provider';
import type { CorsEndpointResolver, CorsLogger } from './cors-module.options';
import { CorsRouteTable } from './cors-route-table';

/**
 * The per-request CORS middleware logic shared by the Express and Fastify
 * hooks. Decision order (one place, DESIGN.md "CORS semantics"):
 *
 *  1. Read method, path and the CORS request headers. No `Origin` → not CORS,
 *     but the endpoint's policy still decides whether `Vary: Origin` is needed.
 *  2. The endpoint method is the request method, or for a preflight
 *     (OPTIONS + Origin + Access-Control-Request-Method) the requested method,
 *     so a preflight is governed by the endpoint that will serve the real call.
 *  3. Pick ONE policy, most specific first, never merged:
 *     a. handler `@EnableCors(name)` / `@DisableCors()`,
 *     b. controller `@EnableCors(name)` / `@DisableCors()`,
 *     c. `endpointResolver(method, path)`: the gateway's config routes
 *        (a name, or `false` = disabled),
 *     d. the default policy; none → no CORS handling.
 *  4. Evaluate (pure) and log a refusal with its reason.
 *  5. Write the headers now, before guards, interceptors, routing and error
 *     filters run, so a 401, 404 or 500 keeps them.
 *  6. A preflight is answered here (204, or 403 in strict mode) and never
 *     reaches guards or routing; anything else continues down the chain.
 */
export class CorsEngine {
  /** Filled at start-up by the route scan; empty until then. */
  table = new CorsRouteTable<string | null>();

  constructor(
    private readonly provider: CorsPolicyProvider,
    private readonly logger: CorsLogger,
    private readonly strictPreflight: boolean,
    private readonly resolver?: CorsEndpointResolver,
  ) {}

  /** Steps 1-4; `null` when no policy applies. */
  decide(method: string, url: string, headers: IncomingHttpHeaders): CorsDecision | null {
    const request = corsRequestFromHeaders(method, headers);
    const preflight = method === 'OPTIONS' && request.origin !== undefined && request.accessControlRequestMethod !== undefined;
    const endpointMethod = preflight ? (request.accessControlRequestMethod as string).toUpperCase() : method;
    const policy = this.policyFor(endpointMethod, url);
    if (policy === null) return null;
    const decision = evaluateCors(request, policy, { strictPreflight: this.strictPreflight });
    if (decision.rejection !== null) {
      this.logger.warn(`CORS refused ${preflight ? 'preflight for ' : ''}${endpointMethod} ${pathOf(url)}: ${decision.rejection.message} [${decision.rejection.reason}]`, 'Cors');
    }
    return decision;
  }

  /** Step 3. */
  policyFor(method: string, url: string): CorsPolicy | null {
    const choice = this.table.match(method, url);
    if (choice !== undefined && choice.kind !== 'inherit') {
      // A name pinned at start-up (null: the default policy); replace() keeps it defined.
      return choice.kind === 'policy' ? this.provider.getPolicy(choice.policy ?? undefined) : null;
    }
    if (this.resolver !== undefined) {
      const path = pathOf(url);
      const named = typeof this.resolver === 'function' ? this.resolver(method, path) : this.resolver.resolve(method, path);
      if (named === false) return null;
      if (named !== undefined) {
        // The common case costs one Map lookup: no error context is built per request (issue 8).
        const policy = this.provider.findPolicy(named);
        if (policy !== undefined) return policy;
        // Config routes are validated at start-up by their owner; never fail a request over it.
        try {
          this.provider.getPolicy(named, `endpointResolver(${method} ${path})`);
        } catch (e) {
          this.logger.error((e as Error).message, 'Cors');
        }
        return null;
      }
    }
    return this.provider.getPolicy();
  }
}

function pathOf(url: string): string {
  const q = url.indexOf('?');
  return q === -1 ? url : url.slice(0, q);
}
