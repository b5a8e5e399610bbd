import { REQUEST_ID_HEADER } from '@corsway/contracts';
import type { FastifyInstance } from 'fastify';

/**
 * Echoes the request id on every response, errors included, so a client can
 * quote it. The id itself is Fastify's `genReqId`: `requestIdFrom` of
 * @corsway/contracts, the rule every app shares (the gateway's id is kept).
 */
export function echoRequestId(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', async (request, reply) => {
    reply.header(REQUEST_ID_HEADER, request.id);
  });
}
