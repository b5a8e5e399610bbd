import type { IncomingHttpHeaders } from 'node:http';
import type { CorsDecision } from '../evaluate/cors-decision';
import { corsRequestFromHeaders } from '../evaluate/cors-request';
import { evaluateCors } from '../evaluate/evaluate-cors';
import { isPreflight } from '../evaluate/is-preflight';
import type { CorsPolicy } from '../policy/cors-policy';
import type { CorsPolicyProvider } from './cors-policy.provider';
import type { CorsEndpointResolver, CorsLogger } from './cors-module.options';
import type { CorsObserver } from './cors-observer';
import { CorsRouteTable } from './cors-route-table';

/**
 * The per-request CORS middleware logic shared by the Express and Fastify
 * hooks and `CorsService`. Decision order (one place; docs/ARCHITECTURE.md "CORS semantics"):
 *
 *  1. Read method, path and the CORS request headers. No `Origin` → not CORS,
 *     but the endpoint's policy still decides whether `Vary: Origin` is needed.
 *  2. The endpoint method is the request method, or for a preflight
 *     (OPTIONS + Origin + Access-Control-Request-Method) the requested method,
 *     so a preflight is governed by the endpoint that will serve the real call.
 *  3. Pick ONE policy, most specific first, never merged. A host that
 *     already knows the endpoint's choice (the gateway's matched route)
 *     passes it, and the lookup below is skipped; otherwise:
 *     a. handler `@EnableCors(name)` / `@DisableCors()`,
 *     b. controller `@EnableCors(name)` / `@DisableCors()`,
 *     c. `endpointResolver(method, path)`: the gateway's config routes
 *        (a name, or `false` = disabled),
 *     d. the default policy; none → no CORS handling.
 *  4. Evaluate (pure), log a refusal with its reason and tell the
 *     `observer` (preflights, refusals; a cookie-carrying request to a
 *     policy without credentials counts as refused: the browser refuses it).
 *  5. Write the headers now, before guards, interceptors, routing and error
 *     filters run, so a 401, 404 or 500 keeps them.
 *  6. A preflight is answered here (204, or 403 in strict mode) and never
 *     reaches guards or routing; so is a state-changing request the policy's
 *     `enforceOrigin` forbids (403); anything else continues down the chain.
 *  7. Once per request: a request a host decided in front of the framework
 *     (`CorsService.evaluate`) is left alone by the adapter hook.
 */

/**
 * A policy chosen by the host: a name, `false` (CORS disabled on the
 * endpoint) or `null` (the default policy). `undefined` means "look it up"
 * (decorators, `endpointResolver`, default).
 */
export type CorsPolicyChoice = string | false | null;
export class CorsEngine {
  /** Filled at start-up by the route scan; empty until then. */
  table = new CorsRouteTable<string | null>();

  constructor(
    private readonly provider: CorsPolicyProvider,
    private readonly logger: CorsLogger,
    private readonly strictPreflight: boolean,
    private readonly resolver?: CorsEndpointResolver,
    private readonly observer?: CorsObserver,
  ) {}

  /** Requests decided in front of the framework (step 7); weak, so nothing outlives its request. */
  private readonly decided = new WeakSet<object>();

  /** Steps 1-4; `null` when no policy applies. */
  decide(method: string, url: string, headers: IncomingHttpHeaders, choice?: CorsPolicyChoice): CorsDecision | null {
    const request = corsRequestFromHeaders(method, headers);
    const preflight = isPreflight(method, headers);
    const endpointMethod = preflight ? (request.accessControlRequestMethod as string).toUpperCase() : method;
    const policy = choice === undefined ? this.policyFor(endpointMethod, url) : this.chosen(choice, endpointMethod, url);
    if (policy === null) return null;
    const decision = evaluateCors(request, policy, { strictPreflight: this.strictPreflight });
    if (decision.rejection !== null) {
      const answer = decision.forbidden === true ? ' (answered 403: the policy enforces the origin)' : '';
      this.logger.warn(`CORS refused ${preflight ? 'preflight for ' : ''}${endpointMethod} ${pathOf(url)}: ${decision.rejection.message} [${decision.rejection.reason}]${answer}`, 'Cors');
    }
    if (this.observer !== undefined && request.origin !== undefined) this.observe(this.observer, policy, decision, request.origin, headers);
    return decision;
  }

  /** Step 4's report to the observer. */
  private observe(observer: CorsObserver, policy: CorsPolicy, decision: CorsDecision, origin: string, headers: IncomingHttpHeaders): void {
    if (decision.kind === 'preflight') observer.preflight(policy.name, decision.allowed);
    if (decision.rejection !== null) {
      observer.refused({ policy: policy.name, reason: decision.rejection.reason, origin, preflight: decision.kind === 'preflight' });
    } else if (decision.kind === 'actual' && !policy.supportsCredentials && headers.cookie !== undefined) {
      // Cookies on a cross-origin request mean credentials mode "include": the
      // browser needs Access-Control-Allow-Credentials: true (Fetch §4.9), which
      // this policy never sends.
      observer.refused({ policy: policy.name, reason: 'credentials-not-allowed', origin, preflight: false });
    }
  }

  /** Step 7: marks `req` as decided by its host. */
  markDecided(req: object): void {
    this.decided.add(req);
  }

  /** Step 7: true when the host already decided `req`; the adapter hook then does nothing. */
  wasDecided(req: object): boolean {
    return this.decided.has(req);
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
      if (named !== undefined) return this.chosen(named, method, url, 'endpointResolver');
    }
    return this.provider.getPolicy();
  }

  /** Step 3 for a choice made outside the table: a name, `false` (none) or `null` (the default). */
  private chosen(choice: CorsPolicyChoice, method: string, url: string, by = 'CorsService.evaluate'): CorsPolicy | null {
    if (choice === false) return null;
    if (choice === null) return this.provider.getPolicy();
    // The common case costs one Map lookup: no error context is built per request.
    const policy = this.provider.findPolicy(choice);
    if (policy !== undefined) return policy;
    // Such names are validated at start-up by their owner (the gateway's config
    // check); never fail a request over it, but say so loudly.
    try {
      this.provider.getPolicy(choice, `${by}(${method} ${pathOf(url)})`);
    } catch (e) {
      this.logger.error((e as Error).message, 'Cors');
    }
    return null;
  }
}

function pathOf(url: string): string {
  const q = url.indexOf('?');
  return q === -1 ? url : url.slice(0, q);
}
