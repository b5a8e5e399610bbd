import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A minimal stand-in for a Consul agent, faithful to the parts of Consul's
 * HTTP API the gateway's discovery uses: `GET /v1/health/service/<name>`
 * with `?passing`, `X-Consul-Index`, and blocking queries (`index` + `wait`:
 * the call is held until the index moves past `index` or `wait` elapses).
 * Instances are set by the test. `stop()` closes every connection (clients
 * get ECONNREFUSED: "Consul unreachable"); `start()` listens again on the
 * same port. Written here because projects may not import each other's test
 * helpers (libs/discovery/src/testing is not exported).
 */
export class FakeConsul {
  private server: Server | undefined;
  private port = 0;
  private index = 10;
  private readonly instances = new Map<string, { service: string; address: string; port: number; passing: boolean }>();
  private readonly waiters = new Set<() => void>();
  /** Health queries answered (for "the gateway kept asking"). */
  healthQueries = 0;
  /** When set, every request gets this status with Consul's leaderless-cluster text (a sick agent). */
  failWith: number | undefined;

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<string> {
    if (this.server) return this.url;
    const server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.port = (server.address() as AddressInfo).port;
    this.server = server;
    return this.url;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    for (const wake of [...this.waiters]) wake();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  setInstance(id: string, service: string, url: string, passing = true): void {
    const u = new URL(url);
    this.instances.set(id, { service, address: u.hostname, port: Number(u.port), passing });
    this.bump();
  }

  removeInstance(id: string): void {
    this.instances.delete(id);
    this.bump();
  }

  private bump(): void {
    this.index += 1;
    for (const wake of [...this.waiters]) wake();
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://consul');
    if (this.failWith !== undefined) {
      res.writeHead(this.failWith, { 'content-type': 'text/plain' }).end('rpc error making call: No cluster leader');
      return;
    }
    const health = /^\/v1\/health\/service\/([^/]+)$/.exec(url.pathname);
    if (req.method === 'PUT' && url.pathname.startsWith('/v1/agent/service/')) {
      res.writeHead(200).end();
      return;
    }
    if (!health || req.method !== 'GET') {
      res.writeHead(404, { 'content-type': 'text/plain' }).end(`fake Consul: no ${req.method} ${url.pathname}`);
      return;
    }
    const requested = Number(url.searchParams.get('index') ?? 0);
    if (requested > 0 && this.index <= requested) {
      const waitMs = parseWait(url.searchParams.get('wait'));
      await new Promise<void>((resolve) => {
        const wake = () => {
          clearTimeout(timer);
          this.waiters.delete(wake);
          resolve();
        };
        const timer = setTimeout(wake, waitMs);
        this.waiters.add(wake);
        req.once('close', wake);
      });
      if (!this.server || res.destroyed) return;
      if (this.failWith !== undefined) {
        res.writeHead(this.failWith, { 'content-type': 'text/plain' }).end('rpc error making call: No cluster leader');
        return;
      }
    }
    this.healthQueries += 1;
    const name = decodeURIComponent(health[1]);
    const passingOnly = url.searchParams.has('passing') && url.searchParams.get('passing') !== 'false';
    const body = [...this.instances.entries()]
      .filter(([, i]) => i.service === name && (!passingOnly || i.passing))
      .map(([id, i]) => ({
        Node: { Node: 'fake-node', Address: '127.0.0.1' },
        Service: { ID: id, Service: name, Address: i.address, Port: i.port, Tags: [], Meta: {} },
        Checks: [{ CheckID: `service:${id}`, Status: i.passing ? 'passing' : 'critical' }],
      }));
    res.writeHead(200, { 'content-type': 'application/json', 'x-consul-index': String(this.index), 'x-consul-knownleader': 'true' });
    res.end(JSON.stringify(body));
  }
}

function parseWait(raw: string | null): number {
  const m = /^(\d+)(ms|s|m)$/.exec(raw ?? '');
  if (!m) return 5 * 60_000;
  return Math.min(Number(m[1]) * { ms: 1, s: 1_000, m: 60_000 }[m[2] as 'ms' | 's' | 'm'], 10 * 60_000);
}
