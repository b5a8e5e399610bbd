import type { Server } from 'node:http';
import { Socket as NetSocket, type Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import { Server as TlsServer, TLSSocket } from 'node:tls';

/** Where a stalled send stands: the bytes the kernel had taken, and since when no more. */
interface Stall {
  readonly flushed: number;
  readonly since: number;
}

/** The limit in force; a config reload may change it (the sweep's period stays). */
export interface SlowReaderLimit {
  sendTimeoutMs: number;
}

// A sweep a second is how Node checks its own request timeouts (slow-clients.ts);
// a short limit (tests) gets a proportionally shorter period.
const SWEEP_EVERY_MS = 1_000;

/**
 * Cuts a client that stops reading what the server sends it (the "slow read"
 * attack: a request, then a receive window that never opens). Node has no
 * send timeout: such a response never finishes, so the connection, the
 * answer's buffers and, at the gateway, the paused connection to the
 * service (one of a pool of `proxy.connectionsPerInstance`) stay held for
 * as long as the client likes. Like nginx's `send_timeout`, the limit is on a
 * stall, not on the whole answer: a slow client that keeps taking bytes is
 * never cut.
 *
 * Once a second every open connection with bytes waiting to be sent is
 * looked at; if the kernel has taken none of them for `sendTimeoutMs`, the
 * connection is reset. Progress is seen a write at a time (Node reports a
 * write done only once the kernel took all of it), so a client must take one
 * whole write per `sendTimeoutMs`: the apps here write at most 64 KiB at a
 * time (undici's chunks at the gateway, file streams elsewhere), which a
 * client reading 1.1 KiB/s does in 60 s; one `end()` of many megabytes would
 * need a faster client. The connection is reset with RST, not FIN: a FIN
 * would leave the kernel holding the unsent bytes for a peer that reads
 * nothing, in FIN-WAIT-1. Nothing can be answered to a client that does not
 * read. `onCut` is told, for a log line.
 *
 * One listener per connection, none per request. Call it before `listen`;
 * the sweep stops when the server closes.
 */
export function limitSlowReaders(server: Server, sendTimeoutMs: number, onCut?: (socket: Socket) => void): SlowReaderLimit {
  if (!(sendTimeoutMs > 0)) throw new Error('sendTimeoutMs must be a positive number of milliseconds');
  const limit: SlowReaderLimit = { sendTimeoutMs };
  // Every open connection, with its stall while it has bytes waiting (null otherwise).
  const open = new Map<Socket, Stall | null>();
  // Over TLS the bytes waiting are the TLS socket's: its raw socket is written natively.
  const connectionEvent = server instanceof TlsServer ? 'secureConnection' : 'connection';
  server.on(connectionEvent, (socket: Socket) => {
    open.set(socket, null);
    socket.once('close', () => open.delete(socket));
  });

  const sweep = () => {
    const now = performance.now();
    for (const [socket, stall] of open) {
      const waiting = socket.writableLength;
      if (waiting === 0 || socket.destroyed) {
        if (stall !== null) open.set(socket, null);
        continue;
      }
      // bytesWritten counts what was handed to the socket, waiting included.
      const flushed = socket.bytesWritten - waiting;
      if (stall === null || stall.flushed !== flushed) open.set(socket, { flushed, since: now });
      else if (now - stall.since >= limit.sendTimeoutMs) {
        onCut?.(socket);
        reset(socket);
      }
    }
  };
  let timer: NodeJS.Timeout | undefined;
  const start = () => {
    timer ??= setInterval(sweep, Math.min(SWEEP_EVERY_MS, Math.max(25, sendTimeoutMs / 4))).unref();
  };
  if (server.listening) start();
  else server.on('listening', start);
  server.on('close', () => {
    clearInterval(timer);
    timer = undefined;
  });
  return limit;
}

/**
 * RST on the TCP connection. A TLS socket's own handle cannot be reset; Node
 * keeps the TCP socket under it as `_parent` (not public API, hence the
 * fallback: a plain destroy, which still frees the process's side).
 */
function reset(socket: Socket): void {
  const tcp = (socket as Socket & { _parent?: unknown })._parent;
  if (tcp instanceof NetSocket) tcp.resetAndDestroy();
  else if (socket instanceof TLSSocket) socket.destroy();
  else socket.resetAndDestroy();
}
