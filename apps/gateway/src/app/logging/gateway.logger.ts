import pino, { type Logger } from 'pino';

export type GatewayLogger = Logger;

// Issue 8: a synchronous stdout write is one syscall per proxied request on the
// event loop (the profile's `writeString`, ~6 % of the gateway's CPU). Lines
// are buffered up to this many bytes and written asynchronously in one go...
const BATCH_BYTES = 4096;
// ...or after at most this long, so a quiet gateway's log is still live.
const FLUSH_EVERY_MS = 250;

/**
 * One pino instance for Nest (via nestjs-pino) and the proxy hot path.
 * pino writes what is pending on exit (its `autoEnd`); the gateway exits
 * through Nest's shutdown hooks or `process.exit`, both of which it sees.
 */
export function createGatewayLogger(level = process.env['LOG_LEVEL'] ?? 'info'): GatewayLogger {
  const destination = pino.destination({ dest: 1, sync: false, minLength: BATCH_BYTES, periodicFlush: FLUSH_EVERY_MS });
  return pino({ level, base: { app: 'gateway' } }, destination);
}
