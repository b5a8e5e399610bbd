import { clientKey } from '@corsway/contracts';
import type { CorsDecision } from '@corsway/cors';
import type { ServiceInstance } from '@corsway/discovery';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex, Readable } from 'node:stream';
// The module's binding, not the global: in Node 20 `globalThis.performance` is an
// accessor, so `performance.now()` through it runs a getter on every request.
import { performance } from 'node:perf_hooks';
import type { CompiledGatewayConfig } from '../config/compiled-gateway.config';
import type { ForwardedFacts } from '../forwarding/forwarded-for';
import type { CompiledRoute, RouteMatch } from '../routing/route-table';
import type { RequestTrace } from '../tracing/request-trace';
import type { HeaderTransform } from '../transforms/route-transforms';

/** A WebSocket handshake's connection: the raw socket and the bytes read past the request head. */
export interface UpgradeConnection {
  readonly socket: Duplex;
  readonly head: Buffer;
}

/**
 * One request's state, passed from stage to stage (see gateway.pipeline.ts).
 * Each field is written by one stage and read by later ones; a stage never
 * recomputes what an earlier one decided (the route is matched once, CORS is
 * decided once).
 */
export class GatewayContext {
  readonly started = performance.now();
  readonly method: string;
  /** The request path without the query: as sent, then (route match stage) in its one accepted spelling. */
  path: string;
  /** The request path without the query, as sent (the preflight replay's key). */
  readonly sentPath: string;
  /** `?...` as sent, or ''. */
  readonly query: string;

  /** request id stage */
  requestId = '-';
  /**
   * The head every answer of this request starts with, as `[name, value, ...]`
   * for one `writeHead`: the request id, then the CORS headers the policy grants
   * (so a 401, 404, 429 or 502 is readable by the page, like a 200).
   */
  head: string[] = [];

  /** trace context stage: the request's trace (W3C Trace Context), and its span when tracing is on. */
  trace: RequestTrace | null = null;

  /** client address stage: the client's address and the X-Forwarded-* facts to send on. */
  forwarded: ForwardedFacts | null = null;

  /** route match stage: why the path's spelling is refused (answered 400 after CORS), or null. */
  pathProblem: string | null = null;
  /** route match stage: the match for the method the endpoint serves (a preflight's requested method). */
  match: RouteMatch | null = null;
  /** route match stage: a Nest controller of the gateway serves this path (`/health`). */
  ownedByNest = false;
  /** require route stage: the route, and the service path it maps the request to (query included). */
  route: CompiledRoute | null = null;
  servicePath = '';

  /** CORS stage; `null` when no policy governs the request. */
  cors: CorsDecision | null = null;

  /** body stage: none, read whole (a Buffer), or a guarded stream of a larger body. */
  body: Buffer | Readable | undefined = undefined;

  /** balance stage: the instances discovery lists for the route's service, and the one picked first. */
  instances: readonly ServiceInstance[] = [];
  instance: ServiceInstance | null = null;

  /** transforms stage: the headers sent to the service, and the edits for the service's response. */
  serviceHeaders: Record<string, string | string[]> = {};
  responseTransform: HeaderTransform | null = null;
  /** auth stage: an access token that came in `Sec-WebSocket-Protocol` (forwarded as Authorization instead). */
  protocolToken: string | null = null;

  /** For the access log: which instance answered ('-' when none did). */
  answeredBy = '-';

  /** The client sent `Expect: 100-continue` and waits for "100 Continue" before its body. */
  private awaitingContinue = false;
  /** The `Expect` value the gateway cannot meet, or null (see expectUnsupported). */
  unsupportedExpectation: string | null = null;

  constructor(
    readonly req: IncomingMessage,
    /** The response, for HTTP requests; `null` for a WebSocket upgrade. */
    readonly res: ServerResponse | null,
    /** The connection, for a WebSocket upgrade; `null` for HTTP requests. */
    readonly upgrade: UpgradeConnection | null,
    /** The config this request runs on: a reload never changes it mid-request. */
    readonly config: CompiledGatewayConfig,
  ) {
    this.method = req.method ?? 'GET';
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    this.path = q === -1 ? url : url.slice(0, q);
    this.sentPath = this.path;
    this.query = q === -1 ? '' : url.slice(q);
  }

  private finishers: (() => void)[] | null = null;

  /**
   * The client waits for "100 Continue" before sending its body (RFC 9110
   * §10.1.1). Until `continueBody` sends it, any answer closes the
   * connection: a client that then never sends the body would otherwise
   * have its next request read as that body (RFC 9112 §9.6).
   */
  expectContinue(): void {
    this.awaitingContinue = true;
    this.res?.setHeader('Connection', 'close');
  }

  /**
   * The request carries an `Expect` the gateway cannot meet (not
   * `100-continue`): the route stage refuses it with 417 (RFC 9110 §10.1.1),
   * closing the connection as for a body never asked for.
   */
  expectUnsupported(): void {
    this.unsupportedExpectation = this.req.headers.expect ?? '';
    this.res?.setHeader('Connection', 'close');
  }

  /** About to read the body: "100 Continue" now, if the client waits for it, and the connection may live on. */
  continueBody(): void {
    if (!this.awaitingContinue || this.res === null) return;
    this.awaitingContinue = false;
    this.res.removeHeader('Connection');
    this.res.writeContinue();
  }

  /**
   * Runs `fn` once, when this request is over: an HTTP answer finished or
   * abandoned (the response's `close`), a WebSocket handshake answered or
   * its socket gone. One `close` listener per request, however many stages
   * ask (the in-flight cap, the proxy's abort, the trace).
   */
  onFinish(fn: () => void): void {
    if (this.finishers === null) {
      this.finishers = [];
      const done = () => this.finish();
      if (this.res !== null) this.res.on('close', done);
      else this.upgrade?.socket.once('close', done);
    }
    this.finishers.push(fn);
  }

  /** Runs the `onFinish` callbacks, once (a WebSocket handshake's end; an HTTP response's `close`). */
  finish(): void {
    const fns = this.finishers;
    this.finishers = [];
    if (fns !== null) for (const fn of fns) fn();
  }

  // What earlier stages guarantee to later ones (gateway.pipeline.ts order);
  // a stage that runs out of order fails loudly (a 500 naming the stage's need).

  /** The route: set by "require route", read by every stage after it. */
  get routed(): CompiledRoute {
    return this.route ?? outOfOrder('a route (the require route stage)');
  }

  /** The first instance to try: set by "balance". */
  get picked(): ServiceInstance {
    return this.instance ?? outOfOrder('an instance (the balance stage)');
  }

  /** Set by "client address". */
  get forwardedFacts(): ForwardedFacts {
    return this.forwarded ?? outOfOrder('the client address (the client address stage)');
  }

  /** Set by "trace context". */
  get traced(): RequestTrace {
    return this.trace ?? outOfOrder('a trace (the trace context stage)');
  }

  /** The response of an HTTP request (not a WebSocket handshake). */
  get response(): ServerResponse {
    return this.res ?? outOfOrder('an HTTP response (this is a WebSocket handshake)');
  }

  /** The connection of a WebSocket handshake. */
  get connection(): UpgradeConnection {
    return this.upgrade ?? outOfOrder('a WebSocket connection (this is an HTTP request)');
  }

  /** True once the client's connection is gone: nothing more to answer. */
  get clientGone(): boolean {
    return this.req.socket?.destroyed === true;
  }

  /** The client's address: the peer, or the client behind trusted proxies. */
  get clientIp(): string {
    return this.forwarded?.clientIp ?? this.req.socket.remoteAddress ?? '';
  }

  /** What rate limits and the per-client caps count: the address, or an IPv6 client's network (`clients.ipv6Prefix`). */
  get clientKey(): string {
    return clientKey(this.clientIp, this.config.config.clients.ipv6Prefix);
  }

  get routeId(): string {
    return this.route?.id ?? '-';
  }

  /**
   * The matched route's client-facing template (`/users/user/login`), '-'
   * when none matched: the metrics' `route` label, stable when the config's
   * routes are reordered (a route's id is its index).
   */
  get routeTemplate(): string {
    const match = this.match;
    return this.route?.config.upstream ?? (match !== null && match.kind === 'route' ? match.route.config.upstream : '-');
  }
}

function outOfOrder(what: string): never {
  throw new Error(`gateway pipeline: a stage needs ${what}, which no earlier stage provided; check the order in gateway.pipeline.ts`);
}
