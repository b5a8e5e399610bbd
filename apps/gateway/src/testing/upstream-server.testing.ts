import { reserveFreePort } from '@corsway/testing';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SeenRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingMessage['headers'];
  readonly bodyBytes: number;
}

export type UpstreamHandler = (req: IncomingMessage, res: ServerResponse) => void;

/**
 * A real HTTP upstream on port 0 for gateway tests. By default it echoes the
 * request line, headers and body size as JSON; `handler` overrides that.
 */
export class UpstreamServer {
  readonly seen: SeenRequest[] = [];
  handler: UpstreamHandler | null = null;
  private server: Server | null = null;
  private port = 0;

  constructor(readonly name = 'upstream') {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(port = 0): Promise<this> {
    this.server = createServer((req, res) => {
      if (this.handler) {
        this.recordWithoutBody(req);
        return this.handler(req, res);
      }
      let bytes = 0;
      req.on('data', (c: Buffer) => (bytes += c.length));
      req.on('end', () => {
        const seen = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, bodyBytes: bytes };
        this.seen.push(seen);
        res.writeHead(200, { 'content-type': 'application/json', 'x-upstream': this.name });
        res.end(JSON.stringify(seen));
      });
    });
    this.server.keepAliveTimeout = 60_000;
    const server = this.server;
    await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
    this.port = (server.address() as AddressInfo).port;
    return this;
  }

  /** Connections open to this server now (the gateway's pooled keep-alive ones included). */
  connections(): Promise<number> {
    const server = this.server;
    if (!server) return Promise.resolve(0);
    return new Promise((resolve, reject) => server.getConnections((err, n) => (err ? reject(err) : resolve(n))));
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = null;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private recordWithoutBody(req: IncomingMessage): void {
    this.seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, bodyBytes: -1 });
  }
}

/** A port that refuses connections (bound, then released). */
export async function closedPortUrl(): Promise<string> {
  return `http://127.0.0.1:${await reserveFreePort()}`;
}
