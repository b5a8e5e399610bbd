import { Injectable } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CorsDecision } from '../evaluate/cors-decision';
import { corsOnNodeResponse } from './cors-adapter.hooks';
import { CorsWiring } from './cors-wiring.service';
import { corsHeaderList, writePreflight } from './preflight-response';

/**
 * CORS for requests served outside the framework's pipeline, on Node's own
 * request and response: a proxy in the server's request listener (the
 * gateway, issue 8), a raw route. The same policy choice and decision as the
 * adapter hooks (handler > controller > `endpointResolver` > default), like
 * ASP.NET Core's `ICorsService` next to its middleware.
 *
 * @example
 * ```ts
 * const cors = app.get(CorsService);
 * server.on('request', (req, res) => {
 *   if (cors.handle(req, res)) return; // a preflight, answered
 *   proxy(req, res); // the CORS headers are already on res
 * });
 * ```
 *
 * A handler that writes its whole response head in one `writeHead` (the
 * gateway's proxy) uses the parts: `evaluate`, then `answerPreflight` or
 * `headerList` into its own head.
 */
@Injectable()
export class CorsService {
  constructor(private readonly wiring: CorsWiring) {}

  /**
   * Applies CORS to `req`: a preflight is answered (204, or 403 in strict
   * mode) and `true` returned; otherwise the `Access-Control-*` headers and
   * `Vary: Origin` are set on `res` (so an error answer keeps them) and
   * `false` returned: go on serving the request.
   */
  handle(req: IncomingMessage, res: ServerResponse): boolean {
    return corsOnNodeResponse(this.wiring.engine, req.method ?? 'GET', req.url ?? '/', req.headers, res);
  }

  /** The decision for `req` (same choice and evaluation as `handle`), written nowhere; `null` when no policy applies. */
  evaluate(req: IncomingMessage): CorsDecision | null {
    return this.wiring.engine.decide(req.method ?? 'GET', req.url ?? '/', req.headers);
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
   * `extraHeaders` (a request id) in front.
   */
  answerPreflight(decision: CorsDecision, res: ServerResponse, extraHeaders?: Readonly<Record<string, string>>): void {
    writePreflight(decision, res, extraHeaders);
  }
}
