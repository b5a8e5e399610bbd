import { randomUUID } from 'node:crypto';
import type { Options } from 'pino-http';

/** Request logging of the web app (nestjs-pino's `pinoHttp`). */
export function webPinoHttpOptions(level: string): Options {
  return {
    level,
    // Keep the gateway's id when a request came through it; otherwise mint one.
    genReqId: (req, res) => {
      const incoming = req.headers['x-request-id'];
      const id =
        typeof incoming === 'string' && incoming.length > 0 && incoming.length <= 128 ? incoming : randomUUID();
      res.setHeader('X-Request-Id', id);
      return id;
    },
    // Session secrets never reach the log: a refresh token copied from a log line refreshed a session.
    redact: {
      paths: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'],
      censor: '[redacted]',
    },
    // Static files and health checks would drown the interesting lines.
    autoLogging: { ignore: (req) => /^\/(lib|js|css)\/|^\/health$/.test(req.url ?? '') },
  };
}
