import { Module, type DynamicModule } from '@nestjs/common';
import type { Registry } from 'prom-client';
import { METRICS_REGISTRY, METRICS_SERVER_PORT } from './metrics.constants';
import { MetricsController } from './metrics.controller';
import { MetricsServer } from './metrics.server';

export interface MetricsModuleOptions {
  /** The app's registry, from `createMetricsRegistry(app)`. */
  readonly registry: Registry;
  /**
   * `metricsPortFrom(process.env)`: undefined serves `GET /metrics` on the
   * app's own port; a number serves it on that port only (0 = any free port).
   */
  readonly port?: number;
}

/**
 * Prometheus metrics for a Nest app (Express or Fastify). Global: any provider
 * can `@Inject(METRICS_REGISTRY)` to register its own counters.
 *
 * @example
 * ```ts
 * MetricsModule.forRoot({ registry: createMetricsRegistry('web'), port: metricsPortFrom(process.env) })
 * ```
 */
@Module({})
export class MetricsModule {
  static forRoot(options: MetricsModuleOptions): DynamicModule {
    const registry = { provide: METRICS_REGISTRY, useValue: options.registry };
    if (options.port === undefined)
      return {
        global: true,
        module: MetricsModule,
        controllers: [MetricsController],
        providers: [registry],
        exports: [METRICS_REGISTRY],
      };
    return {
      global: true,
      module: MetricsModule,
      providers: [registry, { provide: METRICS_SERVER_PORT, useValue: options.port }, MetricsServer],
      exports: [METRICS_REGISTRY, MetricsServer],
    };
  }
}
