import { createServer, type IncomingMessage, type RequestListener } from 'node:http';
import { isDeepStrictEqual } from 'node:util';
import { createServer as createHttpsServer } from 'node:https';
import { envelopeClientErrorHandler, limitSlowClients, requestIdFrom } from '@corsway/contracts';
import { CorsPolicyProvider, CorsService } from '@corsway/cors';
import { createMetricsRegistry, metricsPortFrom } from '@corsway/metrics';
import { startTracing } from '@corsway/tracing';
import type { HTTPMethods } from 'fastify';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger } from 'nestjs-pino';
import { AccessTokenVerifier } from './auth/access-token.verifier';
import { ActiveHealthChecker } from './balancing/active-health.checker';
import { DepartedInstances } from './balancing/departed-instances';
import { InstanceHealthTracker } from './balancing/instance-health.tracker';
import { RoundRobinBalancer } from './balancing/round-robin.balancer';
import { compileGatewayConfig, type CompiledGatewayConfig, startDiscovery } from './config/compiled-gateway.config';
import { loadGatewayConfig, resolveConfigPath } from './config/gateway-config.loader';
import { GatewayConfigStore } from './config/gateway-config.store';
import type { GatewayAppOptions } from './gateway-app.options';
import { GatewayModule } from './gateway.module';
import { gatewayPipeline } from './gateway.pipeline';
import type { GatewayServices } from './gateway.services';
import { createGatewayLogger } from './logging/gateway.logger';
import { GatewayMetrics } from './metrics/gateway.metrics';
import { GatewayAnswers } from './pipeline/gateway-answers';
import { detachFrameworkListener, installPipeline } from './pipeline/install-pipeline';
import { UpstreamPools } from './proxy/upstream.pools';
import { createRateLimiter } from './rate-limit/create-rate-limiter';
import { InFlightLimiter } from './rate-limit/in-flight.limiter';
import { WebSocketTunnels } from './websocket/websocket-tunnels';

/**
 * Builds the gateway: config first (a bad file throws GatewayConfigError naming
 * the field, before anything listens), then Nest on Fastify for DI, lifecycle
 * and the gateway's own endpoints (controllers), then the request pipeline
 * (gateway.pipeline.ts) installed as the server's one request and upgrade
 * listener, handing Nest the paths its controllers serve. The caller listens.
 */
export async function createGatewayApp(options: GatewayAppOptions = {}): Promise<NestFastifyApplication> {
  const env = options.env ?? process.env;
  const logger = options.logger ?? createGatewayLogger(env['LOG_LEVEL']);
  const fileBacked = options.config === undefined;
  const compiled: CompiledGatewayConfig = fileBacked
    ? loadGatewayConfig(options.configPath ?? resolveConfigPath(env), env)
    : compileGatewayConfig(options.config, env, '(inline)');
  const metricsPort = metricsPortFrom(env); // METRICS_PORT: a bad value stops start-up here, naming it
  // Before anything is started: a bad OTEL_EXPORTER_OTLP_ENDPOINT stops start-up, naming it.
  const tracing = startTracing({ serviceName: 'gateway', env });
  await startDiscovery(compiled);

  const { proxy } = compiled.config;
  const store = new GatewayConfigStore(compiled, env, logger);
  const registry = createMetricsRegistry('gateway');
  const metrics = compiled.config.metrics.enabled ? new GatewayMetrics(registry, compiled.config.metrics) : null;
  const health = new InstanceHealthTracker(proxy.circuitBreaker, options.now, metrics === null ? undefined : (url) => metrics.ejected(url));
  const services: GatewayServices = {
    store,
    pools: new UpstreamPools(proxy.connectionsPerInstance),
    health,
    balancer: new RoundRobinBalancer(health, (service, panicking) =>
      panicking
        ? logger.warn({ service }, 'every instance is ejected; trying them anyway (panic rule)')
        : logger.info({ service }, 'an instance is back; panic over')),
    limiter: createRateLimiter(env['REDIS_URL'], options.rateLimitKeyPrefix, logger),
    verifier: new AccessTokenVerifier({ cooldownMs: options.jwksCooldownMs }),
    logger,
    metrics,
    tracing,
  };
  await services.limiter.start?.();
  store.onReload((next) => {
    services.pools.configure(next.config.proxy.connectionsPerInstance);
    health.configure(next.config.proxy.circuitBreaker);
    // The registry and its label bounds live as long as the process: say so rather than ignore an edit.
    if (!isDeepStrictEqual(next.config.metrics, compiled.config.metrics)) {
      logger.warn({ field: 'metrics' }, 'config reload: the metrics section changed; it takes effect when the gateway restarts');
    }
  });

  const adapter = new FastifyAdapter({
    // HTTPS when the app was given a certificate (HTTPS, TLS_CERT_FILE/TLS_KEY_FILE).
    serverFactory: (handler: RequestListener) => (options.https ? createHttpsServer({ ...options.https }, handler) : createServer(handler)),
    // The pipeline's request id (the request id stage wrote it into the request's headers).
    genReqId: (req: IncomingMessage) => requestIdFrom(req.headers),
    // Node rejects oversize headers before any listener runs; answer in the envelope anyway.
    clientErrorHandler: envelopeClientErrorHandler,
  });
  const app = await NestFactory.create<NestFastifyApplication>(GatewayModule.forRoot(services, { registry, port: metricsPort }), adapter, { bufferLogs: true });
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
  const server = app.getHttpServer();
  // Slow clients: Node answers a request whose headers (or whole request, a
  // backstop) do not arrive in time with 408 (in the envelope, clientErrorHandler),
  // checked every second, not every 30 s; a client that leaves its answer unread
  // is reset, which frees the paused connection to the service its answer
  // holds (limitSlowClients, libs/contracts). A reload may change all three limits.
  const readers = limitSlowClients(server, compiled.config.clients, (socket) =>
    logger.warn({ client: socket.remoteAddress, sendTimeoutMs: readers.sendTimeoutMs }, 'a client took none of its answer for clients.sendTimeoutMs: connection reset'),
  );
  store.onReload((next) => {
    server.headersTimeout = next.config.clients.headersTimeoutMs;
    server.requestTimeout = next.config.clients.requestTimeoutMs;
    readers.sendTimeoutMs = next.config.clients.sendTimeoutMs;
  });
  const checker = new ActiveHealthChecker(store, health, logger, metrics);
  const departed = new DepartedInstances(store, [services.pools, health, checker, ...(metrics === null ? [] : [metrics])], options.instanceSweepMs);
  const nestHandler = detachFrameworkListener(server);
  const answers = new GatewayAnswers(logger, metrics);
  const tunnels = new WebSocketTunnels(services, answers);
  installPipeline(
    server,
    () =>
      gatewayPipeline(services, {
        cors: app.get(CorsService),
        nest: { owns: (method, path) => fastify.findRoute({ method: method as HTTPMethods, url: path }) !== null, handle: nestHandler },
        tunnels,
        answers,
        holds: { requests: new InFlightLimiter(), webSockets: new InFlightLimiter() },
      }),
    store,
    answers,
  );
  // Before the server closes: it never finishes closing while an upgraded socket is open.
  fastify.addHook('preClose', (done) => {
    tunnels.closeAll();
    done();
  });
  fastify.addHook('onReady', (done) => {
    checker.start();
    departed.start();
    done();
  });
  fastify.addHook('onClose', async () => {
    departed.stop();
    await checker.stop();
    await store.close();
    await services.pools.close();
    await services.limiter.close();
    await tracing.shutdown(); // the spans still batched are exported before the process ends
    logger.flush(); // the log is written in batches; a signal-killed process never sees 'exit'
  });
  if (fileBacked && options.watchConfig !== false) store.watch({ sighup: true, file: true });
  return app;
}
