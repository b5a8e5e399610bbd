import type { Options } from 'pino-http';
import { traceIdOf } from '../tracing/request-span.hook';

const METRICS_URL = /^\/metrics(\?|$)/;

export interface LogStream {
  write(line: string): void;
}

/**
 * Structured request logs. The request id is Fastify's (see request-id.ts),
 * which pino-http reuses from the raw request; `trace_id` is the request's
 * W3C trace (tracing/request-span.hook.ts). Secrets never reach the log.
 */
export function pinoHttpOptions(level: string): Options {
  return {
    level,
    redact: {
      paths: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'],
      censor: '[redacted]',
    },
    customProps: (req) => {
      const traceId = traceIdOf(req);
      return traceId === undefined ? {} : { trace_id: traceId };
    },
    customLogLevel: (_req, res, err) =>
      err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info',
    // Prometheus scrapes every few seconds: one access-log line per scrape would drown the real ones.
    // originalUrl: the middleware layer under Fastify (middie) strips the mount path from req.url.
    autoLogging: { ignore: (req) => METRICS_URL.test((req as { originalUrl?: string }).originalUrl ?? req.url ?? '') },
  };
}
