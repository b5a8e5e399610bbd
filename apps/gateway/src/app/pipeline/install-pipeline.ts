import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { GatewayConfigStore } from '../config/gateway-config.store';
import type { GatewayAnswers } from './gateway-answers';
import { GatewayContext } from './gateway-context';
import type { PipelineStage } from './pipeline-stage';
import { runPipeline } from './run-pipeline';

type RequestListener = (req: IncomingMessage, res: ServerResponse) => void;

/**
 * Makes the pipeline the server's one `request` listener and its `upgrade`
 * and `connect` listener. The framework's own listener (Fastify's router, where Nest's
 * controllers live) is taken off the server and returned: the pipeline calls
 * it for the paths Nest owns (gateway.pipeline.ts, "gateway endpoints"), and
 * nothing reaches it any other way.
 */
export function installPipeline(
  server: Server,
  stages: () => readonly PipelineStage[],
  store: GatewayConfigStore,
  answers: GatewayAnswers,
): void {
  const pipeline = stages();
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    runPipeline(pipeline, new GatewayContext(req, res, null, store.current), answers);
  });
  // `Expect: 100-continue`: without this listener Node sends "100 Continue" before any
  // stage runs, and a request refused on its headers (413, 401, 404, 429) gets its body
  // sent anyway. The body stage sends it when it is about to read the body.
  server.on('checkContinue', (req: IncomingMessage, res: ServerResponse) => {
    const ctx = new GatewayContext(req, res, null, store.current);
    ctx.expectContinue();
    runPipeline(pipeline, ctx, answers);
  });
  // Any other expectation: with no listener Node writes a bare 417; through the stages it is
  // the envelope with the request id and the route's CORS headers (routing/route-match.stage.ts).
  server.on('checkExpectation', (req: IncomingMessage, res: ServerResponse) => {
    const ctx = new GatewayContext(req, res, null, store.current);
    ctx.expectUnsupported();
    runPipeline(pipeline, ctx, answers);
  });
  const onConnection = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    // A socket error before the tunnel exists (client reset) must not become an uncaught exception.
    socket.on('error', () => socket.destroy());
    runPipeline(pipeline, new GatewayContext(req, null, { socket, head }, store.current), answers);
  };
  server.on('upgrade', onConnection);
  // CONNECT asks for a tunnel to another host (RFC 9110 §9.3.6), which a reverse proxy does
  // not give. With no listener Node closes the connection without a word; through the
  // stages it gets the envelope naming what is wrong (its target is not a path: 400).
  server.on('connect', onConnection);
}

/** Takes the framework's request listener(s) off `server`, as one handler. */
export function detachFrameworkListener(server: Server): RequestListener {
  const listeners = server.listeners('request') as RequestListener[];
  if (listeners.length === 0) throw new Error('the HTTP server has no request listener: create the Nest application before installing the pipeline');
  server.removeAllListeners('request');
  if (listeners.length === 1) return listeners[0].bind(server);
  return (req, res) => {
    for (const listener of listeners) listener.call(server, req, res);
  };
}
