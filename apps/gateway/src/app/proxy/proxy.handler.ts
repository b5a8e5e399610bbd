import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Readable } from 'node:stream';
import type { CompiledGatewayConfig } from '../config/compiled-gateway.config';
import type { GatewayServices } from '../gateway.services';
import type { CompiledRoute } from '../routing/route-table';
import { accessLogger, type AccessLogEntry } from '../logging/access-log';
import { writeEnvelopeError } from '../http/envelope.reply';
import { GatewayHttpError } from '../http/gateway-http.error';
import { BodyLimitStream } from './body-limit.stream';
import { enforceAuth, enforceRateLimit, isPreflight } from './edge-guards';
import { buildUpstreamHeaders } from './request-headers';
import { responseHead } from './response-headers';
import { UpstreamAbort } from './upstream-abort';
import { callUpstream, UpstreamBodyError } from './upstream-call';

/** Everything the hot path needs: the gateway's long-lived services. */
export type ProxyDeps = GatewayServices;

const NO_BODY_METHODS = new Set(['GET', 'HEAD']);
// `.` and `..` segments (also percent-encoded) could walk out of a route's prefix
// downstream, e.g. past an `auth: true` route; refuse them at the edge.
const DOT_SEGMENT = /(^|\/)(\.|%2e){1,2}(\/|$)/i;

/** One proxied request in flight: what its answer and its log line need. */
interface Exchange {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly requestId: string;
  /** The edge's part of every answer's head: the request id and the CORS headers. */
  readonly edgeHead: readonly string[];
  readonly started: number;
  routeId: string;
}

/**
 * The gateway hot path, on Node's own request and response (issue 8: no
 * framework objects per request): route -> rate limit -> auth ->
 * discover/balance -> stream. `edgeHead` is what the edge decided before:
 * the request id and the CORS headers, as a flat header list; every answer
 * from here, error or proxied, starts its head with it. A route without a
 * rate limit or auth runs without a single promise (the profile's
 * microtask and allocation share); the guards are awaited only where they apply.
 */
export class ProxyHandler {
  private readonly accessLog: (entry: AccessLogEntry) => void;

  constructor(private readonly deps: ProxyDeps) {
    this.accessLog = accessLogger(deps.logger);
  }

  readonly handle = (req: IncomingMessage, res: ServerResponse, requestId: string, edgeHead: readonly string[]): void => {
    const x: Exchange = { req, res, requestId, edgeHead, started: performance.now(), routeId: '-' };
    const compiled = this.deps.store.current;
    const method = req.method ?? 'GET';
    const rawUrl = req.url ?? '/';
    const q = rawUrl.indexOf('?');
    const path = q === -1 ? rawUrl : rawUrl.slice(0, q);
    try {
      if ((path.includes('.') || path.includes('%')) && DOT_SEGMENT.test(path)) throw new GatewayHttpError(400, 'The path contains "." or ".." segments; send a normalized path.');
      const match = compiled.routes.match(method, path);
      if (match.kind === 'none') throw new GatewayHttpError(404, `No gateway route matches ${path}. Check the URL against the gateway's route table.`);
      if (match.kind === 'methodNotAllowed') {
        throw new GatewayHttpError(405, `${method} is not allowed on ${path}; use ${match.allow.join(', ')}.`, { allow: match.allow.join(', ') });
      }
      x.routeId = match.route.id;
      const target = match.downstreamPath + (q === -1 ? '' : rawUrl.slice(q));
      const { route } = match;
      if (route.config.rateLimit || (route.config.auth && !isPreflight(req))) {
        void this.guardThenForward(x, compiled, route, target);
        return;
      }
      this.forward(x, compiled, route, target);
    } catch (err) {
      this.fail(x, err);
    }
  };

  private async guardThenForward(x: Exchange, compiled: CompiledGatewayConfig, route: CompiledRoute, target: string): Promise<void> {
    try {
      await enforceRateLimit(route, x.req.socket.remoteAddress ?? '', this.deps.limiter, this.deps.logger);
      if (route.config.auth && !isPreflight(x.req)) {
        await enforceAuth(x.req, compiled.config.auth, { ...this.deps, discovery: compiled.discovery });
      }
    } catch (err) {
      this.fail(x, err);
      return;
    }
    this.forward(x, compiled, route, target);
  }

  private forward(x: Exchange, compiled: CompiledGatewayConfig, route: CompiledRoute, target: string): void {
    const { req, res } = x;
    let body: Readable | undefined;
    try {
      body = requestBody(req, compiled.config.proxy.maxBodyBytes);
    } catch (err) {
      this.fail(x, err);
      return;
    }
    const abort = new UpstreamAbort();
    res.on('close', () => {
      if (!res.writableFinished) abort.abort();
    });
    callUpstream(
      {
        service: route.config.service,
        method: req.method ?? 'GET',
        path: target,
        headers: buildUpstreamHeaders(req.headers, { clientIp: req.socket.remoteAddress ?? '', proto: protocolOf(req), requestId: x.requestId }),
        body,
        timeoutMs: route.config.timeoutMs,
        maxBodyBytes: compiled.config.proxy.maxBodyBytes,
        abort,
        clientGone: () => req.socket?.destroyed === true,
        respond: (statusCode, rawHeaders) => {
          res.writeHead(statusCode, responseHead(x.edgeHead, rawHeaders));
          return res;
        },
      },
      compiled.discovery,
      this.deps,
      (err, instance) => {
        // Called once the upstream body is complete and handed to `res`, or with why not.
        if (err === null) this.log(x, instance);
        else this.fail(x, err, instance);
      },
    );
  }

  /** Every failure ends here: the envelope with the edge's head, or a cut connection once the head is gone. */
  private fail(x: Exchange, err: unknown, instance = '-'): void {
    const { res, requestId, routeId } = x;
    const logger = this.deps.logger;
    if (err instanceof UpstreamBodyError && res.headersSent) {
      // The status line is gone; a truncated body must look truncated (no clean end).
      logger.warn({ reqId: requestId, route: routeId, instance: err.instance, err: err.cause }, err.message);
      res.destroy();
      return;
    }
    const httpError = toHttpError(err);
    const from = (err as { instance?: string }).instance ?? instance;
    if (httpError.status >= 500 || httpError.status === 499) {
      logger.warn({ reqId: requestId, route: routeId, instance: from, err: (err as { cause?: unknown }).cause ?? err }, httpError.message);
    }
    if (httpError.status === 499 || res.destroyed || res.headersSent) return;
    writeEnvelopeError(res, httpError, x.edgeHead);
    this.log(x, from);
  }

  /** One line per answered request, written when the answer is (no listener per request). */
  private log(x: Exchange, instance: string): void {
    const { req, res } = x;
    this.accessLog({
      reqId: x.requestId, method: req.method ?? 'GET', url: req.url ?? '/', route: x.routeId, instance,
      status: res.statusCode, durationMs: Math.round(performance.now() - x.started),
    });
  }
}

/**
 * The request body as a stream (never buffered), size-checked against the
 * limit. HTTP/1.1 framing (RFC 9112 §6.3): a body is there when the request has
 * a non-zero Content-Length or a Transfer-Encoding; GET and HEAD bodies are
 * never forwarded.
 */
function requestBody(req: IncomingMessage, maxBodyBytes: number): Readable | undefined {
  if (NO_BODY_METHODS.has(req.method ?? 'GET')) return undefined;
  const length = req.headers['content-length'];
  if (length !== undefined) {
    if (Number(length) > maxBodyBytes) {
      throw new GatewayHttpError(413, `The request body is ${length} bytes; the gateway accepts at most ${maxBodyBytes} bytes.`, { connection: 'close' });
    }
    return Number(length) === 0 ? undefined : req;
  }
  if (req.headers['transfer-encoding'] === undefined) return undefined;
  // Chunked: count as it streams.
  const limited = new BodyLimitStream(maxBodyBytes);
  req.on('error', (e) => limited.destroy(e));
  return req.pipe(limited);
}

function protocolOf(req: IncomingMessage): string {
  return (req.socket as { encrypted?: boolean }).encrypted ? 'https' : 'http';
}

function toHttpError(err: unknown): GatewayHttpError {
  if (err instanceof GatewayHttpError) return err;
  return new GatewayHttpError(502, 'The gateway failed to forward the request.');
}
