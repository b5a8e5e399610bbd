import { MetricsModule } from '@corsway/metrics';
import { HttpModule } from '@nestjs/axios';
import { type DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { LoggerModule } from 'nestjs-pino';
import type { Registry } from 'prom-client';
import { AccountController } from './account/account.controller';
import type { WebConfig } from './config/web.config';
import { WEB_CONFIG } from './config/web-config.token';
import { CORS_EXPLAINER, type CorsExplainer } from './diagnostics/cors-explainer';
import { DiagnosticsController } from './diagnostics/diagnostics.controller';
import { GatewayReachabilityCheck } from './diagnostics/gateway-reachability';
import { HtmlExceptionFilter } from './errors/html-exception.filter';
import { HealthController } from './health/health.controller';
import { HomeController } from './home/home.controller';
import { webPinoHttpOptions } from './logging/web-log.options';

@Module({})
export class WebAppModule {
  static forRoot(config: WebConfig, explainer: CorsExplainer, metrics: Registry, logStream?: NodeJS.WritableStream): DynamicModule {
    return {
      module: WebAppModule,
      imports: [
        LoggerModule.forRoot({
          // pino-pretty in development (main.ts), else stdout JSON.
          pinoHttp: { ...webPinoHttpOptions(config.logLevel), ...(logStream && { stream: logStream }) },
        }),
        HttpModule,
        MetricsModule.forRoot({ registry: metrics, port: config.metricsPort }),
      ],
      controllers: [AccountController, HomeController, DiagnosticsController, HealthController],
      providers: [
        { provide: WEB_CONFIG, useValue: config },
        { provide: CORS_EXPLAINER, useValue: explainer },
        GatewayReachabilityCheck,
        { provide: APP_FILTER, useClass: HtmlExceptionFilter },
      ],
    };
  }
}
