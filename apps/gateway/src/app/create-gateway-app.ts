import { envelopeClientErrorHandler } from '@corsway/contracts';
import { CorsPolicyProvider, CorsService } from '@corsway/cors';
import type { HTTPMethods } from 'fastify';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger } from 'nestjs-pino';
import { AccessTokenVerifier } from './auth/access-token.verifier';
import { InstanceHealthTracker } from './balancing/instance-health.tracker';
import { RoundRobinBalancer } from './balancing/round-robin.balancer';
import { compileGatewayConfig, type CompiledGatewayConfig, startDiscovery } from './config/compiled-gateway.config';
import { loadGatewayConfig, resolveConfigPath } from './config/gateway-config.loader';
import { GatewayConfigStore } from './config/gateway-config.store';
import type { GatewayAppOptions } from './gateway-app.options';
import { GatewayModule } from './gateway.module';
import type { GatewayServices } from './gateway.services';
import { installGatewayEdge } from './edge/gateway-edge.listener';
import { REQUEST_ID_HEADER, requestIdFor } from './http/request-id';
import { createGatewayLogger } from './logging/gateway.logger';
import { ProxyHandler } from './proxy/proxy.handler';
import { UpstreamPools } from './proxy/upstream.pools';
import { createRateLimiter } from './rate-limit/create-rate-limiter';

/**
 * Builds the gateway: config first (a bad file throws GatewayConfigError naming
 * the field, before anything listens), then Nest on Fastify for the gateway's
 * own endpoints, with the proxy in the server's request listener in front of
 * it. The caller listens.
 */
export async function createGatewayApp(options: GatewayAppOptions = {}): Promise<NestFastifyApplication> {
  const env = options.env ?? process.env;
  const logger = options.logger ?? createGatewayLogger(env['LOG_LEVEL']);
  const fileBacked = options.config === undefined;
  const compiled: CompiledGatewayConfig = fileBacked
    ? loadGatewayConfig(options.configPath ?? resolveConfigPath(env), env)
    : compileGatewayConfig(options.config, env, '(inline)');
  await startDiscovery(compiled);

  const { proxy } = compiled.config;
  const store = new GatewayConfigStore(compiled, env, logger);
  const health = new InstanceHealthTracker(proxy.circuitBreaker, options.now);
  const services: GatewayServices = {
    store,
    pools: new UpstreamPools(proxy.connectionsPerInstance),
    health,
    balancer: new RoundRobinBalancer(health),
    limiter: createRateLimiter(env['REDIS_URL'], options.rateLimitKeyPrefix, logger),
    verifier: new AccessTokenVerifier({ cooldownMs: options.jwksCooldownMs }),
    logger,
  };
  store.onReload((next) => {
    services.pools.configure(next.config.proxy.connectionsPerInstance);
    health.configure(next.config.proxy.circuitBreaker);
  });

  const adapter = new FastifyAdapter({
    ...(options.https && { https: { ...options.https } }),
    genReqId: requestIdFor,
    // Node rejects oversize headers before any hook runs; answer in the envelope anyway (issue 9).
    clientErrorHandler: envelopeClientErrorHandler,
  });
  // The gateway's own endpoints (proxied traffic never reaches Fastify, see
  // installGatewayEdge): registered before Nest, so before the CORS hook.
  adapter.getInstance().addHook('onRequest', (request, reply, done) => {
    reply.header(REQUEST_ID_HEADER, request.id);
    done();
  });
  const app = await NestFactory.create<NestFastifyApplication>(GatewayModule.forRoot(services), adapter, { bufferLogs: true });
  app.useLogger(app.get(Logger));
  // Not Nest's default list: it includes SIGHUP, which would shut the gateway
  // down instead of reloading its config.
  app.enableShutdownHooks(['SIGTERM', 'SIGINT']);

  // One policy provider for decorators and config routes: a reload swaps its
  // set in the same tick as the routes, after checking the decorators' policies remain.
  const corsPolicies = app.get(CorsPolicyProvider);
  store.guardReload((next) => corsPolicies.assertCanReplace({ policies: next.cors }));
  store.onReload((next) => corsPolicies.replace({ policies: next.cors }));

  const fastify = app.getHttpAdapter().getInstance();
  installGatewayEdge(app.getHttpServer(), {
    ownsRoute: (method, url) => fastify.findRoute({ method: method as HTTPMethods, url }) !== null,
    cors: app.get(CorsService),
    proxy: new ProxyHandler(services),
    logger,
  });
  fastify.addHook('onClose', async () => {
    await store.close();
    await services.pools.close();
    await services.limiter.close();
    logger.flush(); // the log is written in batches; a signal-killed process never sees 'exit'
  });
  if (fileBacked && options.watchConfig !== false) store.watch({ sighup: true, file: true });
  return app;
}
