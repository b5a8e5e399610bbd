import { fail } from '@corsway/contracts';
import type { FastifyReply } from 'fastify';
import type { GatewayHttpError } from './gateway-http.error';

/**
 * Answers with the envelope. Only `reply` methods are used, never the raw
 * response, so the CORS headers the policy already put on the reply survive
 * (Ocelot #210, #1340: errors without CORS headers are unreadable in browsers).
 */
export function sendEnvelopeError(reply: FastifyReply, err: GatewayHttpError): FastifyReply {
  return reply
    .code(err.status)
    .headers(err.headers)
    .header('content-type', 'application/json; charset=utf-8')
    .send(JSON.stringify(fail(err.message)));
}
