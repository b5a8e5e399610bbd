import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type WebSocket, WebSocketServer } from 'ws';

export interface SeenHandshake {
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
}

/**
 * A real WebSocket service on port 0 (the `ws` package): echoes every
 * message; `close:<code>` makes it close the connection with that code;
 * `whoami` answers the Authorization it saw. Selects the `chat` subprotocol
 * when offered. Records each handshake and the close codes it received.
 */
export class WebSocketUpstream {
  readonly handshakes: SeenHandshake[] = [];
  readonly closes: number[] = [];
  readonly sockets = new Set<WebSocket>();
  /** Answer handshakes with this status instead of upgrading (e.g. 404). */
  refuseWith: number | null = null;
  private server: Server | null = null;
  private wss: WebSocketServer | null = null;
  private port = 0;

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(port = 0): Promise<this> {
    const server = createServer((_req, res) => {
      res.writeHead(426, { 'content-type': 'text/plain' });
      res.end('WebSocket only');
    });
    const wss = new WebSocketServer({
      noServer: true,
      handleProtocols: (protocols) => (protocols.has('chat') ? 'chat' : false),
    });
    server.on('upgrade', (req, socket, head) => {
      this.handshakes.push({ url: req.url ?? '', headers: req.headers });
      if (this.refuseWith !== null) {
        socket.end(`HTTP/1.1 ${this.refuseWith} Refused\r\ncontent-type: text/plain\r\ncontent-length: 7\r\nx-upstream: ws\r\n\r\nrefused`);
        return;
      }
      wss.handleUpgrade(req, socket, head, (ws) => this.serve(ws, req.headers));
    });
    this.server = server;
    this.wss = wss;
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    this.port = (server.address() as AddressInfo).port;
    return this;
  }

  /** Like a killed process: every connection cut, the port closed. */
  async stop(): Promise<void> {
    for (const ws of this.sockets) ws.terminate();
    this.sockets.clear();
    this.wss?.close();
    const server = this.server;
    this.server = null;
    if (server) {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  }

  private serve(ws: WebSocket, headers: IncomingHttpHeaders): void {
    this.sockets.add(ws);
    ws.on('close', (code) => {
      this.closes.push(code);
      this.sockets.delete(ws);
    });
    ws.on('message', (data, binary) => {
      const text = data.toString();
      const close = /^close:(\d{4})$/.exec(text);
      if (close) ws.close(Number(close[1]), 'bye');
      else if (text === 'whoami') ws.send(String(headers.authorization ?? ''));
      else ws.send(data, { binary });
    });
  }
}
