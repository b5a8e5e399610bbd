import pino, { type Logger } from 'pino';
import { BatchedFdWriter } from './batched-fd.writer';

export type GatewayLogger = Logger;

/**
 * One pino instance for Nest (via nestjs-pino) and the proxy hot path,
 * writing to stdout in asynchronous batches (see BatchedFdWriter).
 */
export function createGatewayLogger(level = process.env['LOG_LEVEL'] ?? 'info'): GatewayLogger {
  return pino({ level, base: { app: 'gateway' } }, new BatchedFdWriter(1));
}
