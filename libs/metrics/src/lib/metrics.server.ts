import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';
import { MetricsConfigError } from './metrics-config.error';
import { METRICS_PATH, METRICS_REGISTRY, METRICS_SERVER_PORT } from './metrics.constants';

/**
 * `/metrics` on its own port (`METRICS_PORT`), a plain `node:http` listener
 * outside the app's pipeline: no CORS, guards, throttles or access log touch
 * it, and the app's public port need not expose it. Listens when the app
 * boots (`app.init()` / `app.listen()`) and closes when the app shuts down.
 */
@Injectable()
export class MetricsServer implements OnApplicationBootstrap, OnApplicationShutdown {
  private server: Server | undefined;

  constructor(
    @Inject(METRICS_REGISTRY) private readonly registry: Registry,
    @Inject(METRICS_SERVER_PORT) private readonly requestedPort: number,
  ) {}

  /** The port actually bound (the ephemeral one when `METRICS_PORT=0`); throws before the app booted. */
  get port(): number {
    const address = this.server?.address();
    if (!address || typeof address === 'string')
      throw new Error('MetricsServer is not listening yet: call app.init() or app.listen() first');
    return (address as AddressInfo).port;
  }

  async onApplicationBootstrap(): Promise<void> {
    const server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve, reject) => {
      server.once('error', (error: NodeJS.ErrnoException) =>
        reject(
          new MetricsConfigError(
            'METRICS_PORT',
            `cannot listen on port ${this.requestedPort}: ${error.code ?? error.message}`,
          ),
        ),
      );
      server.listen(this.requestedPort, () => resolve());
    });
    this.server = server;
  }

  async onApplicationShutdown(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    // A scraper's keep-alive connection would otherwise hold the shutdown open.
    server.closeAllConnections();
    await closed;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '').split('?')[0];
    if (path !== METRICS_PATH) return end(res, 404, 'Not found. Metrics are at GET /metrics.');
    // RFC 9110 §15.5.6: a 405 names the methods the resource has.
    if (req.method !== 'GET' && req.method !== 'HEAD')
      return end(res, 405, 'Method not allowed. Use GET /metrics.', { Allow: 'GET, HEAD' });
    try {
      const body = await this.registry.metrics();
      res.writeHead(200, { 'Content-Type': this.registry.contentType });
      res.end(req.method === 'HEAD' ? undefined : body);
    } catch (error) {
      end(res, 500, `Collecting metrics failed: ${(error as Error).message}`);
    }
  }
}

function end(res: ServerResponse, status: number, text: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', ...headers });
  res.end(`${text}\n`);
}
