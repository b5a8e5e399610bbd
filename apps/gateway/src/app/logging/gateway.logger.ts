import pino, { type Logger } from 'pino';

export type GatewayLogger = Logger;

/** One pino instance for Nest (via nestjs-pino) and the proxy hot path. */
export function createGatewayLogger(level = process.env['LOG_LEVEL'] ?? 'info'): GatewayLogger {
  return pino({ level, base: { app: 'gateway' } });
}
