import { EventEmitter } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A fake Consul agent for tests: a real HTTP server (port 0) that answers the
 * endpoints this project uses as Consul's documented API does
 * (Consul's HTTP API documentation: /v1/agent/service/register, /v1/health/service, blocking queries). No Consul agent can be installed
 * on the development machines, so this is what "tested against
 * Consul" means here; real Consul may differ in what is not listed below.
 *
 * Implemented:
 * - `PUT /v1/agent/service/register` → 200 empty; 400 plain text on a bad body
 *   (not JSON, no Name, Port not a number, Address with a scheme, HTTP check
 *   without Interval, bad durations). The service check starts `critical` like
 *   Consul's HTTP checks, unless `initialCheckStatus` says otherwise.
 * - `PUT /v1/agent/service/deregister/<ID>` → 200; 404 plain text when unknown.
 * - `GET /v1/agent/services` → 200, object keyed by service ID.
 * - `GET /v1/health/service/<Name>[?passing][&index=N&wait=D]` → 200 JSON array
 *   `[{Node, Service, Checks}]` with `X-Consul-Index`, `X-Consul-KnownLeader`,
 *   `X-Consul-LastContact`; `passing` drops entries with any non-passing check;
 *   with `index`, blocks until the index moves past it or `wait` elapses
 *   (default 5m, max 10m, plus up to wait/16 jitter unless `jitter: false`).
 * Test controls: `failNext`/`failAll` (5xx), `setIndex` (index going
 * backwards), `forgetEverything` (a dev agent restart), `setCheckStatus`, `addInstance`, `runCheck` (one real HTTP check),
 * `stop()`/`start()` on the same port (connection refused, then recovery), and
 * a `requests` log. Events: `request` (FakeConsulRequest), `register` (id),
 * `deregister` (id).
 */
export interface FakeConsulOptions {
  /** Status of a newly registered service's check (Consul: `critical` until it first runs). */
  initialCheckStatus?: CheckStatus;
  /** Add Consul's up-to-wait/16 random jitter to blocking waits (default true). */
  jitter?: boolean;
  /** `Node.Address` of the fake node (default 127.0.0.1). */
  nodeAddress?: string;
}

export type CheckStatus = 'passing' | 'warning' | 'critical';

export interface FakeConsulRequest {
  readonly method: string;
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
  readonly at: number;
}

export interface FakeConsulInstance {
  id: string;
  name: string;
  address: string;
  port: number;
  tags: string[];
  meta: Record<string, string>;
  checkStatus: CheckStatus;
  /** The registered check as Consul stores it (HTTP URL, Interval, ...). */
  check?: Record<string, unknown>;
}

interface Waiter {
  readonly wake: () => void;
}

const MAX_WAIT_MS = 10 * 60_000;
const DEFAULT_WAIT_MS = 5 * 60_000;

export class FakeConsulServer extends EventEmitter {
  readonly instances = new Map<string, FakeConsulInstance>();
  readonly requests: FakeConsulRequest[] = [];
  private index = 1;
  private server: Server | undefined;
  private port = 0;
  private waiters = new Set<Waiter>();
  private failures: { status: number; body: string; remaining: number } | undefined;

  constructor(private readonly options: FakeConsulOptions = {}) {
    super();
  }

  /** Base URL, e.g. `http://127.0.0.1:41234` (valid after `start()`). */
  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** The current `X-Consul-Index`. */
  get currentIndex(): number {
    return this.index;
  }

  /** Listens on port 0 the first time, then on the same port again (restart after `stop()`). */
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

  /** Closes the listener and every open connection: clients now get ECONNREFUSED. */
  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    for (const waiter of [...this.waiters]) waiter.wake();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Answer the next `count` requests (any endpoint) with `status` and a plain-text body. */
  failNext(count: number, status = 500, body = 'rpc error making call: No cluster leader'): void {
    this.failures = { status, body, remaining: count };
  }

  /** Answer every request with `status` until `recover()`. */
  failAll(status = 500, body = 'rpc error making call: No cluster leader'): void {
    this.failures = { status, body, remaining: Number.POSITIVE_INFINITY };
  }

  recover(): void {
    this.failures = undefined;
  }

  /** Sets the index, e.g. lower than before to simulate a restored snapshot; wakes blocked queries. */
  setIndex(index: number): void {
    this.index = index;
    this.wakeAll();
  }

  /** Adds an instance directly, as if registered elsewhere (e.g. another node, empty `Service.Address`). */
  addInstance(instance: Partial<FakeConsulInstance> & { id: string; name: string; port: number }): void {
    this.instances.set(instance.id, {
      address: '',
      tags: [],
      meta: {},
      checkStatus: 'passing',
      ...instance,
    });
    this.changed();
  }

  /** What a restarted `consul agent -dev` looks like: no services, and the index starts over. */
  forgetEverything(): void {
    this.instances.clear();
    this.setIndex(1);
  }

  removeInstance(id: string): boolean {
    const removed = this.instances.delete(id);
    if (removed) this.changed();
    return removed;
  }

  setCheckStatus(id: string, status: CheckStatus): void {
    const instance = this.instances.get(id);
    if (!instance) throw new Error(`fake Consul: no instance ${id}`);
    instance.checkStatus = status;
    this.changed();
  }

  /**
   * Runs the registered HTTP check once, as the agent would: 2xx passing,
   * 429 warning, anything else (or no answer within the check's timeout) critical.
   */
  async runCheck(id: string): Promise<CheckStatus> {
    const instance = this.instances.get(id);
    const url = instance?.check?.['HTTP'];
    if (!instance || typeof url !== 'string') throw new Error(`fake Consul: no HTTP check for ${id}`);
    const timeoutMs = parseDuration(String(instance.check?.['Timeout'] ?? '10s')) ?? 10_000;
    let status: CheckStatus;
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
      await res.arrayBuffer();
      status = res.status >= 200 && res.status < 300 ? 'passing' : res.status === 429 ? 'warning' : 'critical';
    } catch {
      status = 'critical';
    }
    this.setCheckStatus(id, status);
    return status;
  }

  /** Resolves when `event` (`register`/`deregister`) fires for `id`, or at once if already true. */
  async waitFor(event: 'register' | 'deregister', id: string): Promise<void> {
    const done = () => (event === 'register' ? this.instances.has(id) : !this.instances.has(id));
    if (done()) return;
    await new Promise<void>((resolve) => {
      const listener = (got: string) => {
        if (got !== id) return;
        this.off(event, listener);
        resolve();
      };
      this.on(event, listener);
    });
  }

  /**
   * Resolves with the first request (from position `from` of `requests`) that
   * matches, including one that already arrived: no race with a fast client.
   */
  async waitForRequest(predicate: (request: FakeConsulRequest) => boolean, from = 0): Promise<FakeConsulRequest> {
    const seen = this.requests.slice(from).find(predicate);
    if (seen) return seen;
    return new Promise<FakeConsulRequest>((resolve) => {
      const listener = (request: FakeConsulRequest) => {
        if (!predicate(request)) return;
        this.off('request', listener);
        resolve(request);
      };
      this.on('request', listener);
    });
  }

  private changed(): void {
    this.index += 1;
    this.wakeAll();
  }

  private wakeAll(): void {
    for (const waiter of [...this.waiters]) waiter.wake();
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(req);
    const url = new URL(req.url ?? '/', 'http://fake-consul');
    const query = Object.fromEntries(url.searchParams);
    const record = { method: req.method ?? 'GET', path: url.pathname, query, at: Date.now() };
    // Logged after the body is read and right before the synchronous handling
    // below registers a blocking waiter, so a test reacting to this event
    // (e.g. by changing the index) always finds the query already blocked.
    this.requests.push(record);
    this.emit('request', record);

    if (this.answeredWithFailure(res)) return;

    const deregister = /^\/v1\/agent\/service\/deregister\/(.+)$/.exec(url.pathname);
    const health = /^\/v1\/health\/service\/([^/]+)$/.exec(url.pathname);
    if (url.pathname === '/v1/agent/service/register' && req.method === 'PUT') return this.register(body, res);
    if (deregister && req.method === 'PUT') return this.deregister(decodeURIComponent(deregister[1]), res);
    if (url.pathname === '/v1/agent/services' && req.method === 'GET') return this.agentServices(res);
    if (health && req.method === 'GET') return this.health(decodeURIComponent(health[1]), url.searchParams, req, res);
    return text(res, url.pathname.startsWith('/v1/') ? 405 : 404, `fake Consul does not implement ${req.method} ${url.pathname}`);
  }

  private answeredWithFailure(res: ServerResponse): boolean {
    if (!this.failures || this.failures.remaining <= 0) return false;
    this.failures.remaining -= 1;
    text(res, this.failures.status, this.failures.body);
    return true;
  }

  private register(raw: string, res: ServerResponse): void {
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(raw);
    } catch {
      return text(res, 400, 'Request decode failed: invalid character in JSON body');
    }
    const problem = validateRegistration(body);
    if (problem) return text(res, 400, problem);
    const id = String(body['ID'] || body['Name']);
    this.instances.set(id, {
      id,
      name: String(body['Name']),
      address: String(body['Address'] ?? ''),
      port: Number(body['Port'] ?? 0),
      tags: (body['Tags'] as string[] | undefined) ?? [],
      meta: (body['Meta'] as Record<string, string> | undefined) ?? {},
      checkStatus: body['Check'] ? this.options.initialCheckStatus ?? 'critical' : 'passing',
      ...(body['Check'] ? { check: body['Check'] as Record<string, unknown> } : {}),
    });
    this.changed();
    res.writeHead(200).end();
    this.emit('register', id);
  }

  private agentServices(res: ServerResponse): void {
    const services = Object.fromEntries(
      [...this.instances.values()].map((i) => [i.id, { ID: i.id, Service: i.name, Tags: i.tags, Meta: i.meta, Port: i.port, Address: i.address }]),
    );
    res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(services));
  }

  private deregister(id: string, res: ServerResponse): void {
    if (!this.instances.delete(id)) return text(res, 404, `Unknown service ID "${id}". Ensure that the service ID is passed, not the service name.`);
    this.changed();
    res.writeHead(200).end();
    this.emit('deregister', id);
  }

  private async health(name: string, params: URLSearchParams, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const requested = params.has('index') ? Number(params.get('index')) : 0;
    if (requested > 0 && this.index <= requested) {
      const waitMs = Math.min(params.has('wait') ? parseDuration(params.get('wait') ?? '') ?? DEFAULT_WAIT_MS : DEFAULT_WAIT_MS, MAX_WAIT_MS);
      const jitter = this.options.jitter === false ? 0 : Math.random() * (waitMs / 16);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => waiter.wake(), waitMs + jitter);
        const waiter: Waiter = {
          wake: () => {
            clearTimeout(timer);
            this.waiters.delete(waiter);
            resolve();
          },
        };
        this.waiters.add(waiter);
        req.once('close', () => waiter.wake());
      });
      if (res.destroyed || !this.server) return;
      // A failure switched on while the query was blocked applies to its answer.
      if (this.answeredWithFailure(res)) return;
    }
    const passingOnly = params.has('passing') && params.get('passing') !== 'false';
    const entries = [...this.instances.values()]
      .filter((instance) => instance.name === name)
      .filter((instance) => !passingOnly || instance.checkStatus === 'passing')
      .map((instance) => this.entry(instance));
    res.writeHead(200, {
      'Content-Type': 'application/json',
      'X-Consul-Index': String(this.index),
      'X-Consul-KnownLeader': 'true',
      'X-Consul-LastContact': '0',
    });
    res.end(JSON.stringify(entries));
  }

  private entry(instance: FakeConsulInstance): unknown {
    const nodeAddress = this.options.nodeAddress ?? '127.0.0.1';
    return {
      Node: { ID: 'fake-node-id', Node: 'fake-node', Address: nodeAddress, Datacenter: 'dc1' },
      Service: { ID: instance.id, Service: instance.name, Tags: instance.tags, Address: instance.address, Port: instance.port, Meta: instance.meta },
      Checks: [
        { Node: 'fake-node', CheckID: 'serfHealth', Name: 'Serf Health Status', Status: 'passing', ServiceID: '', ServiceName: '' },
        { Node: 'fake-node', CheckID: `service:${instance.id}`, Name: `Service '${instance.name}' check`, Status: instance.checkStatus, ServiceID: instance.id, ServiceName: instance.name },
      ],
    };
  }
}

/** The 400 reasons Consul gives for the fields this project sends; null when the body is acceptable. */
function validateRegistration(body: unknown): string | null {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return 'Request decode failed: body must be a JSON object';
  const b = body as Record<string, unknown>;
  if (typeof b['Name'] !== 'string' || b['Name'] === '') return 'Missing service name';
  if (b['Port'] !== undefined && (typeof b['Port'] !== 'number' || !Number.isInteger(b['Port']) || b['Port'] < 0)) return 'Request decode failed: Port must be an integer';
  if (b['Address'] !== undefined && (typeof b['Address'] !== 'string' || /^[a-z]+:\/\//i.test(b['Address']))) return 'Invalid service address: must be a host, without scheme';
  const check = b['Check'] as Record<string, unknown> | undefined;
  if (check !== undefined) {
    if (typeof check !== 'object' || check === null) return 'Request decode failed: Check must be an object';
    if (check['HTTP'] !== undefined) {
      if (typeof check['Interval'] !== 'string' || parseDuration(check['Interval']) === undefined) return 'Invalid check: Interval is required for HTTP checks';
      try {
        new URL(String(check['HTTP']));
      } catch {
        return 'Invalid check: HTTP must be a URL';
      }
    }
    for (const field of ['Timeout', 'DeregisterCriticalServiceAfter']) {
      if (check[field] !== undefined && parseDuration(String(check[field])) === undefined) return `Request decode failed: ${field}: invalid duration`;
    }
  }
  return null;
}

function parseDuration(raw: string): number | undefined {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h)$/.exec(raw.trim());
  if (!match) return undefined;
  return Number(match[1]) * { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 }[match[2] as 'ms' | 's' | 'm' | 'h'];
}

function text(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8' }).end(body);
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
