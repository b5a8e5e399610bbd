import type { FastifyInstance } from 'fastify';
import type { ProxyHandler } from './proxy.handler';

/**
 * Registers the proxy as one Fastify catch-all route in its own encapsulated
 * context, where every content type is handed over as the raw stream: bodies
 * are piped to the upstream, never parsed or buffered. Nest controllers
 * (/health...) are more specific routes and still win.
 */
export function registerProxyRoute(fastify: FastifyInstance, handler: ProxyHandler): void {
  void fastify.register(async (child) => {
    child.removeAllContentTypeParsers();
    child.addContentTypeParser('*', (_request, payload, done) => done(null, payload));
    child.all('/*', handler.handle);
  });
}
