import { connect, createServer, type Server, type Socket } from 'node:net';

/**
 * A TCP relay on a free port in front of a real server (PostgreSQL, say),
 * that can stop passing bytes: `pause` holds everything either side sends,
 * with every connection left open, which is what a network that stops
 * delivering packets looks like to both ends; `resume` delivers what was held.
 */
export class TcpProxy {
  private readonly pairs = new Set<{ client: Socket; server: Socket }>();
  private held: (() => void)[] = [];
  private paused = false;

  private readonly server: Server;
  private listeningPort = 0;

  private constructor(
    private readonly targetHost: string,
    private readonly targetPort: number,
  ) {
    this.server = createServer((client) => this.relay(client));
  }

  static async start(targetHost: string, targetPort: number): Promise<TcpProxy> {
    const proxy = new TcpProxy(targetHost, targetPort);
    await new Promise<void>((resolve) => proxy.server.listen(0, '127.0.0.1', resolve));
    const address = proxy.server.address();
    proxy.listeningPort = typeof address === 'object' && address ? address.port : 0;
    return proxy;
  }

  get port(): number {
    return this.listeningPort;
  }

  pause(): void {
    this.paused = true;
  }

  resume(): void {
    this.paused = false;
    const held = this.held;
    this.held = [];
    for (const deliver of held) deliver();
  }

  async stop(): Promise<void> {
    this.resume();
    for (const { client, server } of this.pairs) {
      client.destroy();
      server.destroy();
    }
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private relay(client: Socket): void {
    const server = connect(this.targetPort, this.targetHost);
    const pair = { client, server };
    this.pairs.add(pair);
    const forward = (from: Socket, to: Socket) =>
      from.on('data', (chunk: Buffer) => {
        const deliver = () => to.write(chunk);
        if (this.paused) this.held.push(deliver);
        else deliver();
      });
    forward(client, server);
    forward(server, client);
    const close = () => {
      this.pairs.delete(pair);
      client.destroy();
      server.destroy();
    };
    client.on('close', close).on('error', close);
    server.on('close', close).on('error', close);
  }
}
