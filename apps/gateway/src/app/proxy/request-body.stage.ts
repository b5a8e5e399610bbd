import { isJsonMediaType, jsonNestingDepth, jsonTooDeepMessage } from '@corsway/contracts';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { GatewayHttpError } from '../http/gateway-http.error';
import type { GatewayContext } from '../pipeline/gateway-context';
import type { PipelineStage } from '../pipeline/pipeline-stage';
import { BodyGuardStream } from './body-guard.stream';

const NO_BODY_METHODS = new Set(['GET', 'HEAD']);

/**
 * The request body, before any connection to the service is taken. A body
 * up to `proxy.bufferBodyBytes` (64 KiB by default: every JSON call the API
 * has) is read whole first, within `clients.bodyTimeoutMs`: a client that
 * trickles its body holds only its own socket, never one of the pool's
 * connections to the service, and is answered 408 when time is up. A larger
 * body is streamed (never buffered) behind a guard that enforces
 * `proxy.maxBodyBytes` and `clients.bodyIdleTimeoutMs`.
 *
 * A JSON body read whole that nests deeper than `proxy.maxJsonDepth` is
 * answered 400 here, the service never sees it: counting stops at the limit,
 * so refusing a 5,000-level body costs the gateway a few dozen bytes of
 * scanning, where the service would spend a request's worth of CPU on each
 * (a flood of them slowed every user). A streamed (larger) body is the
 * service's to check.
 *
 * HTTP/1.1 framing (RFC 9112 §6.3): a body is there when the request has a
 * non-zero Content-Length or a Transfer-Encoding; GET and HEAD bodies are
 * never forwarded.
 */
export function requestBodyStage(): PipelineStage {
  return {
    name: 'body',
    run(ctx) {
      const { req } = ctx;
      if (ctx.upgrade !== null || NO_BODY_METHODS.has(ctx.method)) return;
      const { maxBodyBytes, bufferBodyBytes } = ctx.config.config.proxy;
      const length = req.headers['content-length'];
      if (length !== undefined) {
        const bytes = Number(length);
        if (bytes > maxBodyBytes) {
          throw new GatewayHttpError(413, `The request body is ${length} bytes; the gateway accepts at most ${maxBodyBytes} bytes.`, { connection: 'close' });
        }
        if (bytes === 0) return;
        ctx.continueBody();
        if (bytes <= bufferBodyBytes) return readWhole(ctx, bufferBodyBytes);
        ctx.body = guarded(ctx, req);
        return;
      }
      if (req.headers['transfer-encoding'] === undefined) return;
      ctx.continueBody();
      // Chunked, size unknown: buffer what fits, stream the rest.
      return readWhole(ctx, bufferBodyBytes);
    },
  };
}

function guarded(ctx: GatewayContext, source: NodeJS.ReadableStream): BodyGuardStream {
  const guard = new BodyGuardStream(ctx.config.config.proxy.maxBodyBytes, ctx.config.config.clients.bodyIdleTimeoutMs);
  ctx.req.on('error', (e) => guard.destroy(e));
  // The proxy stage's undici dispatch handles the guard's errors (413, 408); an
  // error before it subscribes must not be an uncaught exception.
  guard.on('error', () => undefined);
  return source.pipe(guard);
}

/**
 * Reads the body into memory, up to `fits` bytes. Past that (a chunked body
 * that turns out large), what was read and the rest are streamed together.
 */
function readWhole(ctx: GatewayContext, fits: number): Promise<void> {
  const req: IncomingMessage = ctx.req;
  const timeoutMs = ctx.config.config.clients.bodyTimeoutMs;
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const timer = setTimeout(() => {
      cleanup();
      // Close the connection: the rest of a trickled body is not worth reading.
      reject(new GatewayHttpError(408, `The request body did not arrive within ${timeoutMs} ms; send it at once, or retry.`, { connection: 'close' }));
    }, timeoutMs);
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      chunks.push(chunk);
      if (size <= fits) return;
      cleanup();
      const max = ctx.config.config.proxy.maxBodyBytes;
      if (size > max) {
        reject(new GatewayHttpError(413, `The request body is larger than the gateway's limit of ${max} bytes; send a smaller body.`, { connection: 'close' }));
        return;
      }
      // Larger than the buffer: hand over to streaming, what was read first.
      req.pause();
      const guard = guarded(ctx, req);
      for (const c of chunks) guard.write(c);
      ctx.body = guard;
      req.resume();
      resolve();
    };
    const onEnd = () => {
      cleanup();
      const body = chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size);
      const maxDepth = ctx.config.config.proxy.maxJsonDepth;
      if (isJsonMediaType(req.headers['content-type']) && jsonNestingDepth(body, maxDepth) > maxDepth) {
        reject(new GatewayHttpError(400, jsonTooDeepMessage(maxDepth)));
        return;
      }
      ctx.body = body;
      resolve();
    };
    const onGone = () => {
      cleanup();
      reject(Object.assign(new GatewayHttpError(499, 'The client closed the request.'), { clientGone: true }));
    };
    const cleanup = () => {
      clearTimeout(timer);
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('aborted', onGone);
      req.off('error', onGone);
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('aborted', onGone);
    req.on('error', onGone);
  });
}

/**
 * For the answer to a failure while a streamed body was still on its way (the service refused
 * it unread): the client may still be sending, and a connection closed with
 * unread bytes is reset before the client reads the answer (RFC 9112 §9.6).
 * The rest of a declared-length body (at most `proxy.maxBodyBytes`: this
 * stage refuses more) is read and dropped, and the connection stays open; a
 * chunked rest has no bound, so that connection closes after the answer.
 * Node drains by itself only a body nothing has read from; this one was
 * piped into the body guard.
 */
export function settleStreamedBody(ctx: GatewayContext, res: ServerResponse): void {
  const { req, body } = ctx;
  if (body === undefined || Buffer.isBuffer(body) || req.complete) return;
  if (req.headers['content-length'] === undefined) {
    res.shouldKeepAlive = false;
    return;
  }
  req.unpipe();
  req.resume();
}
