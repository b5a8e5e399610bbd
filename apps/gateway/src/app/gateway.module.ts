import { type DynamicModule, Module } from '@nestjs/common';
import { CorsModule } from '@corsway/cors';
import { HttpModule } from '@nestjs/axios';
import { TerminusModule } from '@nestjs/terminus';
import { LoggerModule } from 'nestjs-pino';
import { routePolicyResolver } from './cors/route-policy.resolver';
import { REQUEST_ID_HEADER, requestIdFor } from './http/request-id';
import { HealthController } from './health/health.controller';
import { gatewayProviders, type GatewayServices } from './gateway.services';

/** Nest side of the gateway: CORS, its own endpoints and logging; the proxy runs in the edge listener in front of Fastify. */
@Module({})
export class GatewayModule {
  static forRoot(services: GatewayServices): DynamicModule {
    return {
      module: GatewayModule,
      imports: [
        // ONE policy provider for both the Nest controllers' @EnableCors/@DisableCors
        // and the config routes (endpointResolver); the module installs its own
        // Fastify onRequest hook, so preflights never reach auth or routing.
        CorsModule.forRoot({
          policies: services.store.current.cors,
          endpointResolver: routePolicyResolver(services.store),
          // Preflights are answered in the server's request listener, ahead of
          // Fastify (bench/README.md); the answer still carries the request id.
          earlyPreflight: { headers: (req) => ({ [REQUEST_ID_HEADER]: requestIdFor(req) }) },
        }),
        LoggerModule.forRoot({
          pinoHttp: { logger: services.logger, autoLogging: false, quietReqLogger: true },
          // No pino-http middleware at all: any Nest middleware switches on middie's
          // per-request matching for EVERY request, proxy included (measured). The
          // proxy logs for itself; Nest's own logs still go through this logger.
          forRoutes: [],
        }),
        // /health/ready's HttpHealthIndicator (health.controller.ts).
        TerminusModule,
        HttpModule,
      ],
      controllers: [HealthController],
      providers: gatewayProviders(services),
    };
  }
}
