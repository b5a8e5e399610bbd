import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Readable } from 'node:stream';
import type { GatewayServices } from '../gateway.services';
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

/**
 * The gateway hot path, on Node's own request and response (issue 8: no
 * framework objects per request): route -> rate limit -> auth ->
 * discover/balance -> stream. `edgeHead` is what the edge decided before:
 * the request id and the CORS headers, as a flat header list; every answer
 * from here, error or proxied, starts its head with it.
 */
export class ProxyHandler {
  private readonly accessLog: (entry: AccessLogEntry) => void;

  constructor(private readonly deps: ProxyDeps) {
    this.accessLog = accessLogger(deps.logger);
  }

  readonly handle = async (req: IncomingMessage, res: ServerResponse, requestId: string, edgeHead: readonly string[]): Promise<void> => {
    const started = performance.now();
    const { store, logger } = this.deps;
    const compiled = store.current;
    const method = req.method ?? 'GET';
    const rawUrl = req.url ?? '/';
    const q = rawUrl.indexOf('?');
    const path = q === -1 ? rawUrl : rawUrl.slice(0, q);
    const query = q === -1 ? '' : rawUrl.slice(q);
    let routeId = '-';
    let instance = '-';
    try {
      if ((path.includes('.') || path.includes('%')) && DOT_SEGMENT.test(path)) throw new GatewayHttpError(400, 'The path contains "." or ".." segments; send a normalized path.');
      const match = compiled.routes.match(method, path);
      if (match.kind === 'none') throw new GatewayHttpError(404, `No gateway route matches ${path}. Check the URL against the gateway's route table.`);
      if (match.kind === 'methodNotAllowed') {
        throw new GatewayHttpError(405, `${method} is not allowed on ${path}; use ${match.allow.join(', ')}.`, { allow: match.allow.join(', ') });
      }
      const { route, downstreamPath } = match;
      routeId = route.id;
      const clientIp = req.socket.remoteAddress ?? '';
      if (route.config.rateLimit) await enforceRateLimit(route, clientIp, this.deps.limiter, logger);
      if (route.config.auth && !isPreflight(req)) {
        await enforceAuth(req, compiled.config.auth, { ...this.deps, discovery: compiled.discovery });
      }
      const maxBodyBytes = compiled.config.proxy.maxBodyBytes;
      const body = requestBody(req, maxBodyBytes);
      const abort = new UpstreamAbort();
      res.on('close', () => {
        if (!res.writableFinished) abort.abort();
      });
      instance = await callUpstream(
        {
          service: route.config.service,
          method,
          path: downstreamPath + query,
          headers: buildUpstreamHeaders(req.headers, { clientIp, proto: protocolOf(req), requestId }),
          body,
          timeoutMs: route.config.timeoutMs,
          maxBodyBytes,
          abort,
          clientGone: () => req.socket?.destroyed === true,
          respond: (statusCode, rawHeaders) => {
            res.writeHead(statusCode, responseHead(edgeHead, rawHeaders));
            return res;
          },
        },
        compiled.discovery,
        this.deps,
      );
      // Resolved once the upstream body is complete and handed to `res`.
      this.log(req, res, requestId, started, routeId, instance);
    } catch (err) {
      if (err instanceof UpstreamBodyError && res.headersSent) {
        // The status line is gone; a truncated body must look truncated (no clean end).
        logger.warn({ reqId: requestId, route: routeId, instance: err.instance, err: err.cause }, err.message);
        res.destroy();
        return;
      }
      const httpError = toHttpError(err);
      instance = (err as { instance?: string }).instance ?? instance;
      if (httpError.status >= 500 || httpError.status === 499) {
        logger.warn({ reqId: requestId, route: routeId, instance, err: (err as { cause?: unknown }).cause ?? err }, httpError.message);
      }
      if (httpError.status === 499 || res.destroyed) return;
      writeEnvelopeError(res, httpError, edgeHead);
      this.log(req, res, requestId, started, routeId, instance);
    }
  };

  /** One line per answered request, written when the answer is (no listener per request). */
  private log(req: IncomingMessage, res: ServerResponse, reqId: string, started: number, route: string, instance: string): void {
    this.accessLog({ reqId, method: req.method ?? 'GET', url: req.url ?? '/', route, instance, status: res.statusCode, durationMs: Math.round(performance.now() - started) });
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
