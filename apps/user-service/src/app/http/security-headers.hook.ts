import type { FastifyInstance } from 'fastify';

/**
 * Headers every answer carries:
 * - `X-Content-Type-Options: nosniff` on every answer, so a browser never
 *   guesses a JSON error page into something it would render or run
 *   (OWASP HTTP Headers Cheat Sheet).
 * - `Cache-Control: no-store` on the account endpoints (`/user/*`): their
 *   answers carry tokens or account data that no shared or browser cache may
 *   keep (RFC 9111 §5.2.2.5; RFC 6749 §5.1 for token responses).
 */
export function securityHeaders(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', async (request, reply) => {
    reply.header('X-Content-Type-Options', 'nosniff');
    if (request.url.startsWith('/user/')) reply.header('Cache-Control', 'no-store');
  });
}
