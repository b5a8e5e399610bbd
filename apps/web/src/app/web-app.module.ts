import { HttpModule } from '@nestjs/axios';
import { type DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { LoggerModule } from 'nestjs-pino';
import { randomUUID } from 'node:crypto';
import { AccountController } from './account/account.controller';
import type { WebConfig } from './config/web.config';
import { WEB_CONFIG } from './config/web-config.token';
import { CORS_EXPLAINER, type CorsExplainer } from './diagnostics/cors-explainer';
import { DiagnosticsController } from './diagnostics/diagnostics.controller';
import { GatewayReachabilityCheck } from './diagnostics/gateway-reachability';
import { HtmlExceptionFilter } from './errors/html-exception.filter';
import { HealthController } from './health/health.controller';
import { HomeController } from './home/home.controller';

@Module({})
export class WebAppModule {
  static forRoot(config: WebConfig, explainer: CorsExplainer, logStream?: NodeJS.WritableStream): DynamicModule {
    return {
      module: WebAppModule,
      imports: [
        LoggerModule.forRoot({
          pinoHttp: {
            level: config.logLevel,
            // pino-pretty in development (main.ts), else stdout JSON.
            ...(logStream && { stream: logStream }),
            // Keep the gateway's id when a request came through it; otherwise mint one.
            genReqId: (req, res) => {
              const incoming = req.headers['x-request-id'];
              const id = typeof incoming === 'string' && incoming.length > 0 && incoming.length <= 128 ? incoming : randomUUID();
              res.setHeader('X-Request-Id', id);
              return id;
            },
            // Static files and health checks would drown the interesting lines.
            autoLogging: { ignore: (req) => /^\/(lib|js|css)\/|^\/health$|^\/favicon/.test(req.url ?? '') },
          },
        }),
        HttpModule,
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
