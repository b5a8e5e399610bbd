import type { Server } from 'node:http';
import type { Socket } from 'node:net';
import { limitSlowReaders, type SlowReaderLimit } from './slow-readers';

/**
 * How long a client may take to send a request's headers and the whole
 * request, and how long it may leave its answer unread (slow-readers.ts).
 */
export interface SlowClientLimits {
  readonly headersTimeoutMs: number;
  readonly requestTimeoutMs: number;
  readonly sendTimeoutMs: number;
}

/**
 * For a server whose requests are small: the web app's pages (no bodies) and
 * user-service (JSON bodies up to 64 KiB, which the gateway reads whole
 * before it forwards them, `proxy.bufferBodyBytes` in apps/gateway/README.md,
 * so a relayed request arrives at once). The headers in the time the
 * gateway's edge allows by default (`clients.headersTimeoutMs`), the whole
 * request in 30 s; an answer whose client takes none of its bytes for 30 s
 * is cut (their largest answers, the API description's scripts, are 1.5 MB).
 */
export const SMALL_REQUEST_LIMITS: SlowClientLimits = Object.freeze({
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  sendTimeoutMs: 30_000,
});

// Node checks its timeouts on this period; its default (30 s) would let a slow client stay
// up to 30 s past its limit.
const CHECK_EVERY_MS = 1_000;

/**
 * Bounds a slow client (a slowloris trickling its headers, a connection that
 * never sends a request, a body trickled a byte at a time) on a server a
 * framework created with Node's defaults: 60 s for headers and 300 s for a
 * request, checked every 30 s. Past a limit Node answers 408 (through the
 * server's `clientError` handling) and closes the connection. A client that
 * stops reading its answer, which Node would wait for without end, is reset
 * after `sendTimeoutMs` (slow-readers.ts; `onReaderCut` is told). The
 * gateway (its `clients` limits), the web app and user-service
 * (`SMALL_REQUEST_LIMITS`) use it.
 *
 * Call it before `listen`: Node reads the check period when the server starts
 * listening, so a server already listening is refused. The returned limit
 * may be changed later (a config reload).
 */
export function limitSlowClients(
  server: Server,
  limits: SlowClientLimits,
  onReaderCut?: (socket: Socket) => void,
): SlowReaderLimit {
  if (server.listening)
    throw new Error('limitSlowClients must run before the server listens (Node reads the check period at listen)');
  if (limits.headersTimeoutMs > limits.requestTimeoutMs)
    throw new Error('headersTimeoutMs must not exceed requestTimeoutMs');
  server.headersTimeout = limits.headersTimeoutMs;
  server.requestTimeout = limits.requestTimeoutMs;
  (server as Server & { connectionsCheckingInterval: number }).connectionsCheckingInterval = CHECK_EVERY_MS;
  return limitSlowReaders(server, limits.sendTimeoutMs, onReaderCut);
}
