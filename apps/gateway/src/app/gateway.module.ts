import { type DynamicModule, Module } from '@nestjs/common';
import { CorsModule } from '@corsway/cors';
import { LoggerModule } from 'nestjs-pino';
import { routePolicyResolver } from './cors/route-policy.resolver';
import { HealthController } from './health/health.controller';
import { gatewayProviders, type GatewayServices } from './gateway.services';

/** Nest side of the gateway: CORS, its own endpoints and logging; the proxy is a Fastify route. */
@Module({})
export class GatewayModule {
  static forRoot(services: GatewayServices): DynamicModule {
    return {
      module: GatewayModule,
      imports: [
        // ONE policy provider for both the Nest controllers' @EnableCors/@DisableCors
        // and the config routes (endpointResolver); the module installs its own
        // Fastify onRequest hook, so preflights never reach auth or routing.
        CorsModule.forRoot({ policies: services.store.current.cors, endpointResolver: routePolicyResolver(services.store) }),
        LoggerModule.forRoot({
          pinoHttp: { logger: services.logger, autoLogging: false, quietReqLogger: true },
          // Only Nest routes get the pino-http middleware; the proxy logs for itself.
          forRoutes: [HealthController],
        }),
      ],
      controllers: [HealthController],
      providers: gatewayProviders(services),
    };
  }
}
