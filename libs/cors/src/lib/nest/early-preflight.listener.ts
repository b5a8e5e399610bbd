import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { writePreflight } from '../evaluate/cors-response';
import { isPreflight } from '../evaluate/is-preflight';
import type { CorsEngine } from './cors-engine';
import type { CorsEarlyPreflightHeaders } from './cors-module.options';

type RequestListener = (this: Server, req: IncomingMessage, res: ServerResponse) => void;

/**
 * Answers a CORS preflight on Node's own request and response, with the same
 * decision the adapter hook would make. Returns false, touching nothing, for
 * anything else: a request that is not a preflight, one no policy governs,
 * or one whose lookup threw (the framework then handles it, errors included,
 * exactly as without this path).
 */
export function answerPreflightEarly(engine: CorsEngine, req: IncomingMessage, res: ServerResponse, headers?: CorsEarlyPreflightHeaders): boolean {
  if (!isPreflight(req.method, req.headers)) return false;
  let decision;
  let extra: string[] | undefined;
  try {
    decision = engine.decide('OPTIONS', req.url ?? '/', req.headers);
    if (decision === null || decision.kind !== 'preflight') return false;
    if (headers !== undefined) {
      const record = headers(req);
      extra = [];
      for (const name in record) extra.push(name, record[name]);
    }
  } catch {
    return false;
  }
  writePreflight(decision, res, extra);
  return true;
}

/**
 * Puts the early preflight answer in front of the framework on `server`: the
 * framework's `request` listeners (Express's app, Fastify's router) are
 * moved behind one listener that answers preflights itself and hands every
 * other request to them, unchanged. A preflight otherwise pays for the
 * framework's request/reply objects, hooks and routing before the CORS hook
 * can answer it; here it costs about what a bare `http` server does
 * (bench/README.md, preflight row).
 */
export function installEarlyPreflight(server: Server, engine: CorsEngine, headers?: CorsEarlyPreflightHeaders): void {
  const framework = server.listeners('request') as RequestListener[];
  if (framework.length === 0) {
    throw new Error('CorsModule earlyPreflight: the HTTP server has no request listener to put the preflight answer in front of');
  }
  server.removeAllListeners('request');
  const only = framework.length === 1 ? framework[0] : null;
  server.on('request', function corswayEarlyPreflight(this: Server, req: IncomingMessage, res: ServerResponse) {
    if (answerPreflightEarly(engine, req, res, headers)) return;
    if (only !== null) only.call(this, req, res);
    else for (const listener of framework) listener.call(this, req, res);
  });
}
