import type { ServiceInstance } from '@corsway/discovery';
import { TRACEPARENT_HEADER } from '@corsway/tracing';
import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { protocolBearerToken, protocolsWithoutToken } from '../auth/websocket-protocol-token';
import type { GatewayServices } from '../gateway.services';
import type { GatewayAnswers } from '../pipeline/gateway-answers';
import type { GatewayContext } from '../pipeline/gateway-context';
import { classifyUpstreamError, failureToHttpError, UpstreamTimeoutError } from '../proxy/upstream-failure';
import { responseHead } from '../proxy/response-headers';
import { attemptAnswered, endAttempt } from '../tracing/request-trace';

/**
 * Proxied WebSocket connections (RFC 6455 §4): the client's handshake is
 * sent to the instance the balance stage picked; on its `101 Switching
 * Protocols` the two sockets are spliced and bytes flow both ways untouched
 * (frames, extensions and the close handshake are end to end). If the
 * service answers anything else, that answer is relayed and the connection
 * closed; if it cannot be reached, the client gets the envelope (503/504) and
 * another instance is tried when nothing was sent. Open tunnels are tracked so
 * the gateway's shutdown ends them (a server never finishes closing while an
 * upgraded socket is open).
 */
export class WebSocketTunnels {
  private readonly sockets = new Set<Duplex>();

  constructor(
    private readonly services: GatewayServices,
    private readonly answers: GatewayAnswers,
  ) {}

  /** Number of open tunnels (two sockets each). */
  get size(): number {
    return this.sockets.size / 2;
  }

  open(ctx: GatewayContext): void {
    this.attempt(ctx, ctx.picked, 0);
  }

  /** Ends every open tunnel (gateway shutdown). */
  closeAll(): void {
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
  }

  private attempt(ctx: GatewayContext, instance: ServiceInstance, n: number): void {
    const client = ctx.connection.socket;
    const route = ctx.routed;
    const { health, balancer } = this.services;
    const target = new URL(instance.url);
    const secure = target.protocol === 'https:';
    // Like an HTTP attempt (proxy/upstream-call.ts): a span id of its own for each handshake sent.
    const span = ctx.traced.startAttempt(instance.url, ctx.servicePath, n);
    const request = (secure ? https : http).request({
      host: target.hostname,
      port: target.port || (secure ? 443 : 80),
      method: 'GET',
      path: ctx.servicePath,
      headers: { ...ctx.serviceHeaders, host: target.host, [TRACEPARENT_HEADER]: ctx.traced.traceparentFor(span) },
      agent: false, // an upgraded connection leaves any pool; never borrow one
    });
    const timeoutMs = route.config.timeoutMs;
    const deadline = setTimeout(() => request.destroy(new UpstreamTimeoutError(timeoutMs)), timeoutMs);
    // The client left before the handshake finished: abandon it upstream too.
    const clientLeft = () => request.destroy();
    client.once('close', clientLeft);
    const settle = () => {
      clearTimeout(deadline);
      client.off('close', clientLeft);
    };

    request.on('upgrade', (answer: IncomingMessage, service: Socket, serviceHead: Buffer) => {
      settle();
      health.recordSuccess(instance.url);
      attemptAnswered(span, 101);
      endAttempt(span, null);
      ctx.answeredBy = instance.url;
      if (client.destroyed) {
        service.destroy();
        return;
      }
      client.write(rawHead(101, 'Switching Protocols', switchingHead(ctx, answer)));
      if (serviceHead.length > 0) client.write(serviceHead);
      const early = ctx.connection.head;
      if (early.length > 0) service.write(early);
      this.splice(client, service);
      this.answers.log(ctx, 101);
    });

    request.on('response', (answer: IncomingMessage) => {
      // The service refused the upgrade (404, 401, 500...): relay its answer and close.
      settle();
      if (answer.statusCode !== undefined && answer.statusCode >= 500) health.recordFailure(instance.url, 'status');
      else health.recordSuccess(instance.url);
      ctx.answeredBy = instance.url;
      const status = answer.statusCode ?? 502;
      attemptAnswered(span, status);
      endAttempt(span, null);
      const head = responseHead(ctx.head, rawHeaderBuffers(answer), ctx.responseTransform);
      client.write(rawHead(status, answer.statusMessage ?? '', [...head, 'connection', 'close']));
      answer.pipe(client);
      answer.on('error', () => client.destroy());
      this.answers.log(ctx, status);
    });

    request.on('error', (err: Error) => {
      settle();
      const kind = client.destroyed ? 'client-aborted' : classifyUpstreamError(err, false);
      endAttempt(span, kind, err);
      if (client.destroyed) return; // the client left: nothing to answer
      if (kind === 'connect') health.recordFailure(instance.url, 'connect');
      else if (kind === 'timeout' || kind === 'bad-response') health.recordFailure(instance.url, 'status');
      // Nothing was sent when the connection failed: another instance may take it.
      if (kind === 'connect' && n === 0 && ctx.instances.length > 1) {
        const next = balancer.pick(route.config.service, ctx.instances, new Set([instance.url]));
        if (next !== null) {
          this.attempt(ctx, next, 1);
          return;
        }
      }
      const detail = { timeoutMs, maxBodyBytes: ctx.config.config.proxy.maxBodyBytes };
      this.answers.fail(ctx, Object.assign(failureToHttpError(kind, route.config.service, detail), { instance: instance.url, cause: err }));
    });
    request.end();
  }

  private splice(client: Duplex, service: Socket): void {
    (client as Socket).setNoDelay?.(true);
    service.setNoDelay(true);
    this.sockets.add(client);
    this.sockets.add(service);
    let closed = false;
    const close = () => {
      if (closed) return;
      closed = true;
      this.sockets.delete(client);
      this.sockets.delete(service);
      client.destroy();
      service.destroy();
    };
    // Either side ending (a finished close handshake, a killed service, a
    // closed tab) ends the other: a half-open tunnel would hold a socket forever.
    client.on('error', close).on('close', close);
    service.on('error', close).on('close', close);
    client.pipe(service);
    service.pipe(client);
  }
}

/**
 * The 101's head: the pipeline's (request id), then the service's handshake
 * headers. A page that authenticated with a `bearer.<token>` subprotocol and
 * offered no other gets that entry selected back: Chromium fails a handshake
 * whose request named protocols when the answer selects none, and the service
 * never saw the entry (the token went to it as Authorization).
 */
function switchingHead(ctx: GatewayContext, answer: IncomingMessage): string[] {
  const head = responseHead(ctx.head, rawHeaderBuffers(answer), ctx.responseTransform);
  // responseHead drops hop-by-hop headers; a 101 needs its Upgrade and Connection.
  head.push('upgrade', 'websocket', 'connection', 'Upgrade');
  const offered = ctx.req.headers['sec-websocket-protocol'];
  if (ctx.protocolToken !== null && answer.headers['sec-websocket-protocol'] === undefined && protocolsWithoutToken(offered) === undefined) {
    const token = protocolBearerToken(offered);
    if (token !== null) head.push('sec-websocket-protocol', `bearer.${token}`);
  }
  return head;
}

function rawHeaderBuffers(answer: IncomingMessage): Buffer[] {
  return answer.rawHeaders.map((v) => Buffer.from(v, 'latin1'));
}

function rawHead(status: number, reason: string, fields: readonly string[]): string {
  let text = `HTTP/1.1 ${status} ${reason}\r\n`;
  for (let i = 0; i < fields.length; i += 2) text += `${fields[i]}: ${fields[i + 1]}\r\n`;
  return `${text}\r\n`;
}
