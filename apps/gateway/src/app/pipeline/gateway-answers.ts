import { performance } from 'node:perf_hooks';
import { writeEnvelopeError, writeEnvelopeErrorToSocket } from '../http/envelope.reply';
import { GatewayHttpError } from '../http/gateway-http.error';
import { accessLogger, type AccessLogEntry } from '../logging/access-log';
import type { GatewayLogger } from '../logging/gateway.logger';
import type { GatewayMetrics } from '../metrics/gateway.metrics';
import { settleStreamedBody } from '../proxy/request-body.stage';
import { UpstreamBodyError } from '../proxy/upstream-call';
import type { GatewayContext } from './gateway-context';

/**
 * How every request ends: a failure becomes the envelope with the request's
 * head (or a cut connection once a status line is out), and every answer is
 * one access-log line and one count in the metrics.
 */
export class GatewayAnswers {
  private readonly accessLog: (entry: AccessLogEntry) => void;

  constructor(
    private readonly logger: GatewayLogger,
    private readonly metrics: GatewayMetrics | null,
  ) {
    this.accessLog = accessLogger(logger);
  }

  /** Every failure ends here, from any stage. */
  fail(ctx: GatewayContext, err: unknown): void {
    const { res } = ctx;
    if (err instanceof UpstreamBodyError && (res === null || res.headersSent)) {
      // The status line is gone; a truncated body must look truncated (no clean end).
      this.logger.warn({ reqId: ctx.requestId, route: ctx.routeId, instance: err.instance, err: err.cause }, err.message);
      if (res !== null) res.destroy();
      else ctx.upgrade?.socket.destroy();
      return;
    }
    const httpError = toHttpError(err);
    const from = (err as { instance?: string }).instance ?? ctx.answeredBy;
    if (!(err instanceof GatewayHttpError)) {
      this.logger.error({ reqId: ctx.requestId, route: ctx.routeId, err }, 'gateway pipeline fault');
    } else if (httpError.status >= 500 || httpError.status === 499) {
      this.logger.warn({ reqId: ctx.requestId, route: ctx.routeId, instance: from, err: (err as { cause?: unknown }).cause ?? err }, httpError.message);
    }
    ctx.answeredBy = from;
    if (httpError.status === 499) {
      if (ctx.upgrade !== null) ctx.finish();
      return;
    }
    if (res !== null) {
      if (res.destroyed || res.headersSent) return;
      settleStreamedBody(ctx, res);
      writeEnvelopeError(res, httpError, ctx.head);
    } else if (ctx.upgrade !== null) {
      writeEnvelopeErrorToSocket(ctx.upgrade.socket, httpError, ctx.head);
    }
    this.log(ctx, httpError.status);
  }

  /** One line per answered request, written when the answer is (no listener per request). */
  log(ctx: GatewayContext, status = ctx.res?.statusCode ?? 101): void {
    ctx.trace?.end(status, ctx.route); // before finish(): the span ends with the answer's status
    if (ctx.upgrade !== null) ctx.finish();
    const ms = performance.now() - ctx.started;
    this.accessLog({
      reqId: ctx.requestId, trace_id: ctx.trace?.traceId ?? '-', method: ctx.method, url: ctx.req.url ?? '/', route: ctx.routeId, instance: ctx.answeredBy,
      status, durationMs: Math.round(ms),
    });
    this.metrics?.answered(ctx.routeTemplate, ctx.method, status, ms / 1000);
  }
}

function toHttpError(err: unknown): GatewayHttpError {
  if (err instanceof GatewayHttpError) return err;
  return new GatewayHttpError(500, 'The gateway failed to handle the request; the error is logged with this request id.');
}
