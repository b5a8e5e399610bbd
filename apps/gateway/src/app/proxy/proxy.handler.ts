import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Readable } from 'node:stream';
import type { GatewayServices } from '../gateway.services';
import { sendEnvelopeError } from '../http/envelope.reply';
import { GatewayHttpError } from '../http/gateway-http.error';
import { BodyLimitStream } from './body-limit.stream';
import { enforceAuth, enforceRateLimit, isPreflight } from './edge-guards';
import { buildUpstreamHeaders } from './request-headers';
import { filterUpstreamHeaders, mergeVary } from './response-headers';
import { UpstreamAbort } from './upstream-abort';
import { callUpstream } from './upstream-call';

/** Everything the hot path needs: the gateway's long-lived services. */
export type ProxyDeps = GatewayServices;

const NO_BODY_METHODS = new Set(['GET', 'HEAD']);
// `.` and `..` segments (also percent-encoded) could walk out of a route's prefix
// downstream, e.g. past an `auth: true` route; refuse them at the edge.
const DOT_SEGMENT = /(^|\/)(\.|%2e){1,2}(\/|$)/i;

/**
 * The gateway hot path, a plain Fastify handler (no Nest pipes/interceptors):
 * route -> rate limit -> auth -> discover/balance -> stream. CORS and the
 * request id were applied earlier in onRequest hooks, so every answer from
 * here, error or proxied, carries them.
 */
export class ProxyHandler {
  constructor(private readonly deps: ProxyDeps) {}

  readonly handle = async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const started = performance.now();
    const { store, logger } = this.deps;
    const compiled = store.current;
    const rawUrl = request.raw.url ?? '/';
    const q = rawUrl.indexOf('?');
    const path = q === -1 ? rawUrl : rawUrl.slice(0, q);
    const query = q === -1 ? '' : rawUrl.slice(q);
    let routeId = '-';
    let instance = '-';
    try {
      if (DOT_SEGMENT.test(path)) throw new GatewayHttpError(400, 'The path contains "." or ".." segments; send a normalized path.');
      const match = compiled.routes.match(request.method, path);
      if (match.kind === 'none') throw new GatewayHttpError(404, `No gateway route matches ${path}. Check the URL against the gateway's route table.`);
      if (match.kind === 'methodNotAllowed') {
        throw new GatewayHttpError(405, `${request.method} is not allowed on ${path}; use ${match.allow.join(', ')}.`, { allow: match.allow.join(', ') });
      }
      const { route, downstreamPath } = match;
      routeId = route.id;
      const clientIp = request.ip;
      await enforceRateLimit(route, clientIp, this.deps.limiter, logger);
      if (route.config.auth && !isPreflight(request)) {
        await enforceAuth(request, compiled.config.auth, { ...this.deps, discovery: compiled.discovery });
      }
      const maxBodyBytes = compiled.config.proxy.maxBodyBytes;
      const body = this.requestBody(request, maxBodyBytes);
      const abort = new UpstreamAbort();
      reply.raw.once('close', () => {
        if (!reply.raw.writableFinished) abort.abort();
      });
      const answer = await callUpstream(
        {
          service: route.config.service,
          method: request.method,
          path: downstreamPath + query,
          headers: buildUpstreamHeaders(request.headers, { clientIp, proto: request.protocol, requestId: String(request.id) }),
          body,
          timeoutMs: route.config.timeoutMs,
          maxBodyBytes,
          abort,
          clientGone: () => request.raw.socket?.destroyed === true,
        },
        { ...this.deps, discovery: compiled.discovery },
      );
      instance = answer.instance;
      const { statusCode, headers, body: upstreamBody } = answer.response;
      const filtered = filterUpstreamHeaders(headers);
      delete filtered.headers['x-request-id'];
      reply.code(statusCode).headers(filtered.headers);
      if (filtered.vary) reply.header('vary', mergeVary(reply.getHeader('vary') as string | undefined, filtered.vary));
      this.log(request, reply, started, routeId, instance);
      if (request.method === 'HEAD' || statusCode === 204 || statusCode === 304) {
        upstreamBody.dump().catch(() => undefined);
        await reply.send();
        return;
      }
      await reply.send(upstreamBody);
    } catch (err) {
      const httpError = toHttpError(err);
      instance = (err as { instance?: string }).instance ?? instance;
      if (httpError.status >= 500 || httpError.status === 499) {
        logger.warn({ reqId: request.id, route: routeId, instance, err: (err as { cause?: unknown }).cause ?? err }, httpError.message);
      }
      if (httpError.status === 499 || reply.raw.destroyed) return;
      this.log(request, reply, started, routeId, instance);
      await sendEnvelopeError(reply, httpError);
    }
  };

  /** The request body as a stream (never buffered), size-checked against the limit. */
  private requestBody(request: FastifyRequest, maxBodyBytes: number): Readable | undefined {
    if (NO_BODY_METHODS.has(request.method)) return undefined;
    const stream = request.body as Readable | undefined;
    const length = request.headers['content-length'];
    if (length !== undefined) {
      if (Number(length) > maxBodyBytes) {
        throw new GatewayHttpError(413, `The request body is ${length} bytes; the gateway accepts at most ${maxBodyBytes} bytes.`, { connection: 'close' });
      }
      if (Number(length) === 0) return undefined;
      return stream;
    }
    if (!stream) return undefined;
    // Chunked: count as it streams.
    const limited = new BodyLimitStream(maxBodyBytes);
    stream.on('error', (e) => limited.destroy(e));
    return stream.pipe(limited);
  }

  private log(request: FastifyRequest, reply: FastifyReply, started: number, route: string, instance: string): void {
    const logger = this.deps.logger;
    if (!logger.isLevelEnabled('info')) return;
    reply.raw.once('finish', () => {
      logger.info(
        { reqId: request.id, method: request.method, url: request.url, route, instance, status: reply.statusCode, durationMs: Math.round(performance.now() - started) },
        'proxied',
      );
    });
  }
}

function toHttpError(err: unknown): GatewayHttpError {
  if (err instanceof GatewayHttpError) return err;
  return new GatewayHttpError(502, 'The gateway failed to forward the request.');
}
