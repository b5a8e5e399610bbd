import { MetricsModule } from '@corsway/metrics';
import { Tracing } from '@corsway/tracing';
import { RequestMethod, type DynamicModule } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { PassportModule } from '@nestjs/passport';
import { TerminusModule } from '@nestjs/terminus';
import { LoggerModule } from 'nestjs-pino';
import type { Registry } from 'prom-client';
import { AccountsService } from './accounts/accounts.service';
import { CounterStoreLifecycle, counterStoreProvider } from './accounts/counters/counter-store.provider';
import { LoginGuardrails } from './accounts/login-guardrails.service';
import { PasswordHasher } from './accounts/password.hasher';
import { CLOCK, USER_SERVICE_CONFIG, type Clock } from './config/config.tokens';
import type { UserServiceConfig } from './config/user-service.config';
import { ServiceRegistrar } from './discovery/service-registrar';
import { DatabaseHealthIndicator } from './health/database.health';
import { HealthController } from './health/health.controller';
import { pinoHttpOptions, type LogStream } from './http/pino-http.options';
import { DatabasePoolMetrics } from './metrics/database-pool.metrics';
import { LoginMetrics } from './metrics/login.metrics';
import { PasswordHashMetrics } from './metrics/password-hash.metrics';
import { RefreshMetrics } from './metrics/refresh.metrics';
import { DatabaseLifecycle, userRepositoryProvider } from './persistence/database.providers';
import { SeedService } from './seed/seed.service';
import { AccessTokenService } from './tokens/access-token.service';
import { JwksController } from './tokens/jwks.controller';
import { JwtStrategy } from './tokens/jwt.strategy';
import { RefreshTokenService } from './tokens/refresh-token.service';
import { SigningKeySet } from './tokens/signing-key-set';
import { UserController } from './user/user.controller';

export interface AppModuleOptions {
  config: UserServiceConfig;
  clock: Clock;
  keys: SigningKeySet;
  logStream?: LogStream;
  /** The service's metrics (`createMetricsRegistry('user-service')`), served at /metrics. */
  metrics: Registry;
  /** Spans when OTEL_EXPORTER_OTLP_ENDPOINT is set (`startTracing`); `Tracing.off` otherwise. */
  tracing: Tracing;
}

/** The whole service in one module: it is small, and one place shows every provider. */
export class AppModule {
  static forRoot({ config, clock, keys, logStream, metrics, tracing }: AppModuleOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [
        LoggerModule.forRoot({
          pinoHttp: logStream ? [pinoHttpOptions(config.logLevel), logStream] : pinoHttpOptions(config.logLevel),
          forRoutes: [{ path: '{*splat}', method: RequestMethod.ALL }],
        }),
        JwtModule.register({}),
        PassportModule,
        TerminusModule.forRoot({ logger: false }),
        MetricsModule.forRoot({ registry: metrics, port: config.metricsPort }),
      ],
      controllers: [UserController, JwksController, HealthController],
      providers: [
        { provide: USER_SERVICE_CONFIG, useValue: config },
        { provide: CLOCK, useValue: clock },
        { provide: SigningKeySet, useValue: keys },
        { provide: Tracing, useValue: tracing },
        userRepositoryProvider,
        DatabaseLifecycle,
        PasswordHasher,
        counterStoreProvider,
        CounterStoreLifecycle,
        LoginGuardrails,
        AccountsService,
        AccessTokenService,
        RefreshTokenService,
        JwtStrategy,
        DatabaseHealthIndicator,
        SeedService,
        ServiceRegistrar,
        LoginMetrics,
        RefreshMetrics,
        PasswordHashMetrics,
        DatabasePoolMetrics,
      ],
    };
  }
}
