import {
  envelopeClientErrorHandler,
  limitSlowClients,
  refuseConnectRequests,
  refuseUnsupportedExpectations,
  requestIdFrom,
  SMALL_REQUEST_LIMITS,
} from '@corsway/contracts';
import { createMetricsRegistry } from '@corsway/metrics';
import { startTracing } from '@corsway/tracing';
import fastifyCookie from '@fastify/cookie';
import { Server as TlsServer } from 'node:tls';
import { NestFactory } from '@nestjs/core';
import type { IncomingMessage } from 'node:http';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module';
import type { Clock } from './config/config.tokens';
import { securePrivateDir } from './config/private-files';
import { loadConfig, type UserServiceConfig } from './config/user-service.config';
import { ServiceRegistrar } from './discovery/service-registrar';
import { EnvelopeExceptionFilter } from './http/envelope-exception.filter';
import { envelopeValidationPipe } from './http/envelope-validation.pipe';
import { JsonObjectBodyPipe } from './http/json-body.pipe';
import { requireJsonBodies } from './http/json-content-type.hook';
import { limitJsonBodies } from './http/json-limits.parser';
import { continueOnlyWithinLimit } from './http/expect-continue.hook';
import { drainRefusedBodies } from './http/refused-body.hook';
import { securityHeaders } from './http/security-headers.hook';
import { echoRequestId } from './http/request-id';
import type { LogStream } from './http/pino-http.options';
import { setupOpenApi } from './http/openapi';
import { traceRequests } from './tracing/request-span.hook';
import { SigningKeySet } from './tokens/signing-key-set';
import { loadSigningKeys } from './tokens/signing-keys.loader';

export interface UserServiceAppOptions {
  /** Source of configuration; `process.env` by default. */
  env?: Record<string, string | undefined>;
  /** Overrides on top of the environment (tests: temp DATA_DIR, limits). */
  config?: Partial<UserServiceConfig>;
  /** Time source for tokens, expiry, throttling and key rotation; tests move it instead of sleeping. */
  clock?: Clock;
  /** A ready key set instead of the configured/dev keys (rotation tests). */
  keys?: SigningKeySet;
  /** Where log lines go; stdout by default (tests capture audit lines). */
  logStream?: LogStream;
  /** Key and certificate (PEM) to listen on HTTPS; main.ts takes them from libs/dev-certs (`HTTPS`, `TLS_*_FILE`). */
  https?: { readonly key: string; readonly cert: string };
}

/** Builds the user-service Nest app (not yet listening). main.ts and the tests both use it. */
export async function createUserServiceApp(options: UserServiceAppOptions = {}): Promise<NestFastifyApplication> {
  const config: UserServiceConfig = { ...loadConfig(options.env ?? process.env), ...options.config };
  // A bad OTEL_EXPORTER_OTLP_ENDPOINT stops start-up here, naming it.
  const tracing = startTracing({ serviceName: 'user-service', env: options.env ?? process.env });
  const clock = options.clock ?? (() => new Date());
  // DATA_DIR holds the SQLite file and the dev key: private to the service's user.
  if (config.databaseUrl.startsWith('sqlite:') || !config.keys.privateKey) securePrivateDir(config.dataDir);
  const keys = options.keys ?? loadSigningKeys(config.keys, config.dataDir, clock());

  const adapter = new FastifyAdapter({
    ...(options.https && { https: { ...options.https } }),
    bodyLimit: config.bodyLimitBytes,
    genReqId: (req: IncomingMessage) => requestIdFrom(req.headers),
    requestIdHeader: false,
    clientErrorHandler: envelopeClientErrorHandler,
    // X-Forwarded-For/-Proto are believed only from these peers: per-IP throttling must not be spoofable.
    trustProxy: config.trustedProxies.length ? config.trustedProxies : false,
  });
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot({
      config,
      clock,
      keys,
      logStream: options.logStream,
      metrics: createMetricsRegistry('user-service'),
      tracing,
    }),
    adapter,
    // abortOnError false: a start-up error (bad DATABASE_URL, unreachable database) is thrown to the
    // caller, who reports it (main.ts exits 1 with the message), instead of Nest calling process.exit.
    // bodyParser false: JSON bodies go through limitJsonBodies's parser (Fastify's, after depth and size checks).
    { bufferLogs: true, abortOnError: false, bodyParser: false },
  );
  app.useLogger(app.get(Logger));
  await app.register(fastifyCookie);
  const fastify = app.getHttpAdapter().getInstance();
  echoRequestId(fastify);
  traceRequests(fastify, tracing);
  // The spans still batched are exported before the process ends.
  fastify.addHook('onClose', () => tracing.shutdown());
  securityHeaders(fastify);
  requireJsonBodies(fastify);
  limitJsonBodies(fastify, { maxDepth: config.maxJsonDepth, maxValues: config.maxJsonValues });
  drainRefusedBodies(fastify);
  continueOnlyWithinLimit(fastify.server, config.bodyLimitBytes);
  refuseConnectRequests(fastify.server);
  refuseUnsupportedExpectations(fastify.server);
  // Node's defaults hold a trickled request 60 s (headers) to 300 s (body); the
  // service is reachable without the gateway too (libs/contracts slow-clients.ts).
  limitSlowClients(fastify.server, SMALL_REQUEST_LIMITS);
  app.useGlobalFilters(new EnvelopeExceptionFilter(config.bodyLimitBytes, config.swagger));
  app.useGlobalPipes(new JsonObjectBodyPipe(), envelopeValidationPipe());
  // The API description is for developers: off in production unless SWAGGER=true.
  if (config.swagger) setupOpenApi(app);
  app.enableShutdownHooks();
  return app;
}

/**
 * Listens, registers with discovery, and returns the URL for the team's
 * "Listening on" line (host `localhost` when bound to every interface).
 */
export async function listenUserService(app: NestFastifyApplication, port: number, host: string): Promise<string> {
  await app.listen(port, host);
  const address = app.getHttpServer().address();
  const actualPort = typeof address === 'object' && address ? address.port : port;
  await app.get(ServiceRegistrar).register(actualPort);
  const shownHost = host === '0.0.0.0' || host === '::' ? 'localhost' : host;
  const scheme = app.getHttpServer() instanceof TlsServer ? 'https' : 'http';
  return `${scheme}://${shownHost}:${actualPort}`;
}
