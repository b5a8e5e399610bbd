import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';

/**
 * The client's IP. Fastify's `trustProxy` is set to the trusted proxy list,
 * so X-Forwarded-For is believed only when the peer is one of them (loopback
 * by default: the gateway on the same machine); otherwise it is the socket peer.
 */
export const ClientIp = createParamDecorator((_: unknown, ctx: ExecutionContext): string => {
  return ctx.switchToHttp().getRequest<FastifyRequest>().ip;
});
