import { type DynamicModule, Module } from '@nestjs/common';
import { CorsModule } from '@corsway/cors';
import { MetricsModule, type MetricsModuleOptions } from '@corsway/metrics';
import { HttpModule } from '@nestjs/axios';
import { TerminusModule } from '@nestjs/terminus';
import { LoggerModule } from 'nestjs-pino';
import { HealthController } from './health/health.controller';
import { gatewayProviders, type GatewayServices } from './gateway.services';

/**
 * Nest side of the gateway: DI, the CORS policies (one provider, shared by the
 * controllers' decorators and the pipeline's CORS stage), the gateway's own
 * endpoints (health, metrics) and logging. Requests reach Nest only through the pipeline
 * (gateway.pipeline.ts, "gateway endpoints").
 */
@Module({})
export class GatewayModule {
  static forRoot(services: GatewayServices, metrics: MetricsModuleOptions): DynamicModule {
    return {
      module: GatewayModule,
      imports: [
        // ONE policy provider for the controllers' @EnableCors/@DisableCors and
        // the config routes. The pipeline decides CORS for every request
        // (CorsService.evaluate), so the module's own adapter hook leaves them alone.
        CorsModule.forRoot({ policies: services.store.current.cors, observer: services.metrics?.cors }),
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
        // `/metrics` (or its own server on METRICS_PORT), unless the config turns metrics off.
        ...(services.metrics === null ? [] : [MetricsModule.forRoot(metrics)]),
      ],
      controllers: [HealthController],
      providers: gatewayProviders(services),
    };
  }
}
