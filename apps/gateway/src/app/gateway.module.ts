import { type DynamicModule, Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { HealthController } from './health/health.controller';
import { gatewayProviders, type GatewayServices } from './gateway.services';

/** Nest side of the gateway: its own endpoints and logging; the proxy is a Fastify route. */
@Module({})
export class GatewayModule {
  static forRoot(services: GatewayServices): DynamicModule {
    return {
      module: GatewayModule,
      imports: [
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
