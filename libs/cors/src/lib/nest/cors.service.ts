import { Injectable } from '@nestjs/common';
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import type { CorsDecision } from '../evaluate/cors-decision';
import { corsHeaderList, writePreflight } from '../evaluate/cors-response';
import { corsOnNodeResponse } from './cors-adapter.hooks';
import type { CorsPolicyChoice } from './cors-engine';
import { CorsWiring } from './cors-wiring.service';

/** What `evaluate` reads of a request: Node's `IncomingMessage` fits. */
export interface CorsHostRequest {
  readonly method?: string | undefined;
  readonly url?: string | undefined;
  readonly headers: IncomingHttpHeaders;
}

/**
 * The CORS seam for hosts that are not Nest handlers: a proxy in the
 * server's request listener (the gateway's pipeline), a raw route, a
 * WebSocket upgrade. Compute, then apply, like ASP.NET Core's `ICorsService`
 * (`EvaluatePolicy`, `ApplyResult`) next to its middleware:
 *
 * - {@link evaluate}: request + endpoint (or a policy name) -> decision;
 * - {@link headerList}: decision -> `[name, value, ...]` for one `writeHead`;
 * - {@link writePreflight}: the one preflight writer.
 *
 * The Express and Fastify adapter hooks run on the same engine, so the
 * choice (handler > controller > `endpointResolver` > default) and the
 * decision are identical everywhere.
 *
 * @example
 * ```ts
 * const cors = app.get(CorsService);
 * server.on('request', (req, res) => {
 *   const d = cors.evaluate(req, 'StrictMvc');
 *   if (d?.kind === 'preflight') return cors.writePreflight(d, res);
 *   res.writeHead(200, [...(d ? cors.headerList(d) : []), 'content-type', 'text/plain']);
 *   res.end('hello');
 * });
 * ```
 */
@Injectable()
export class CorsService {
  constructor(private readonly wiring: CorsWiring) {}

  /**
   * Applies CORS to `req` in one call: a preflight is answered (204, or 403
   * in strict mode) and `true` returned; otherwise the `Access-Control-*`
   * headers and `Vary: Origin` are set on `res` (so an error answer keeps
   * them) and `false` returned: go on serving the request.
   */
  handle(req: IncomingMessage, res: ServerResponse): boolean {
    return corsOnNodeResponse(this.wiring.engine, req, req.url ?? '/', res);
  }

  /**
   * The decision for `req`, written nowhere; `null` when no policy applies.
   * Without `policy` the endpoint decides (decorators, `endpointResolver`,
   * default policy); with one, that policy does: a name, `false` (CORS off)
   * or `null` (the default policy). A preflight is resolved to the endpoint
   * of its `Access-Control-Request-Method`.
   *
   * A host that then hands the request to the Nest app calls
   * {@link markDecided} first, so the decision is made once.
   */
  evaluate(req: CorsHostRequest, policy?: CorsPolicyChoice): CorsDecision | null {
    return this.wiring.engine.decide(req.method ?? 'GET', req.url ?? '/', req.headers, policy);
  }

  /**
   * Tells the module's adapter hook that `req` was decided already (one
   * policy per request, decided once): a host that evaluated it in front of
   * the framework, applied the decision (`applyCorsDecision(decision, res)`)
   * and now hands it to the Nest app calls this first.
   */
  markDecided(req: CorsHostRequest): void {
    this.wiring.engine.markDecided(req);
  }

  /**
   * A decision's response headers as a flat `[name, value, ...]` list
   * (`Vary: Origin` included when the answer depends on the origin), built
   * once per shared decision: ready to go into a `writeHead` call.
   */
  headerList(decision: CorsDecision): readonly string[] {
    return corsHeaderList(decision);
  }

  /**
   * Answers a preflight `decision` on a response nothing has been written to
   * yet, in one `writeHead` (204; 403 with the reason in strict mode), with
   * `extraHead` (`[name, value, ...]`, e.g. a request id) in front.
   */
  writePreflight(decision: CorsDecision, res: ServerResponse, extraHead?: readonly string[]): void {
    writePreflight(decision, res, extraHead);
  }
}
