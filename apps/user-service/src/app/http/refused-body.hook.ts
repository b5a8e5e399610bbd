import type { FastifyInstance } from 'fastify';
import { wasNotContinued } from './expect-continue.hook';

/**
 * The largest refused body still read to its end: above the gateway's
 * largest body (`proxy.maxBodyBytes`, 10 MiB by default), so everything the
 * gateway forwards is covered. A client that declares more, or sends no
 * length (chunked), still has its connection closed at once.
 */
export const DRAIN_REFUSED_BODY_MAX_BYTES = 16 * 1024 * 1024;

/**
 * A body refused for its size (413, answered before it is read) is read to
 * its end and dropped, on a connection kept open, instead of Fastify's
 * `Connection: close`. Closing a socket with unread bytes makes the kernel
 * reset the connection, and a client still sending its body then fails on
 * its next write before it reads the answer (RFC 9112 §9.6: a server reads
 * on after its last response before it closes). The gateway's client
 * (undici) is such a client: it answered 502 "invalid or incomplete
 * response" where the caller should have read "the body is larger than
 * 65536 bytes". Node's server discards what is left of the declared length
 * once the answer is out, bounded by its request timeout.
 */
export function drainRefusedBodies(fastify: FastifyInstance): void {
  fastify.addHook('onSend', (request, reply, payload, done) => {
    if (
      reply.statusCode === 413 &&
      reply.getHeader('connection') === 'close' &&
      drainable(request.headers['content-length']) &&
      !wasNotContinued(request.raw)
    ) {
      reply.removeHeader('connection');
    }
    done(null, payload);
  });
}

function drainable(contentLength: string | undefined): boolean {
  if (contentLength === undefined || !/^\d+$/.test(contentLength)) return false;
  return Number(contentLength) <= DRAIN_REFUSED_BODY_MAX_BYTES;
}
