import { REQUEST_ID_HEADER, requestIdFrom } from '@corsway/contracts';
import type { Options } from 'pino-http';

/** Request logging of the web app (nestjs-pino's `pinoHttp`). */
export function webPinoHttpOptions(level: string): Options {
  return {
    level,
    // The one request-id rule of every app (@corsway/contracts): a safe incoming id is kept.
    genReqId: (req, res) => {
      const id = requestIdFrom(req.headers);
      res.setHeader(REQUEST_ID_HEADER, id);
      return id;
    },
    // Session secrets never reach the log: a refresh token copied from a log line refreshed a session.
    redact: {
      paths: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'],
      censor: '[redacted]',
    },
    // Static files, health checks and Prometheus scrapes would drown the interesting lines.
    autoLogging: { ignore: (req) => /^\/(lib|js|css)\/|^\/health$|^\/favicon|^\/metrics(\?|$)/.test(req.url ?? '') },
  };
}
