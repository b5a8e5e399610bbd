import { applyCorsDecision, corsRequestFromHeaders, evaluateCors } from '@corsway/cors';
import type { FastifyInstance } from 'fastify';
import type { GatewayConfigStore } from '../config/gateway-config.store';
import type { GatewayLogger } from '../logging/gateway.logger';
import { routePolicyResolver } from './route-policy.resolver';

/**
 * INTERIM wiring until @corsway/cors ships its Nest module: the library's
 * evaluator and applier run in Fastify's first hook so preflights are answered
 * before auth/routing (Ocelot #633) and every answer, errors included, keeps
 * the headers (Ocelot #210, #1340).
 */
export function registerInterimCors(fastify: FastifyInstance, store: GatewayConfigStore, logger: GatewayLogger): void {
  const resolve = routePolicyResolver(store);
  fastify.addHook('onRequest', (request, reply, done) => {
    const cors = corsRequestFromHeaders(request.method, request.headers);
    const method = cors.method === 'OPTIONS' && cors.accessControlRequestMethod ? cors.accessControlRequestMethod : cors.method;
    const chosen = resolve(method, request.url);
    const name = chosen === undefined ? store.current.cors.defaultPolicy : chosen;
    const policy = name ? store.current.cors.policies.get(name) : undefined;
    if (!policy) return done();
    const decision = evaluateCors(cors, policy);
    if (decision.rejection) logger.info({ reqId: request.id, policy: name, reason: decision.rejection.reason }, decision.rejection.message);
    applyCorsDecision(decision, reply);
    if (decision.kind === 'preflight' && decision.status !== null) {
      void reply.code(decision.status).send();
      return;
    }
    done();
  });
}
