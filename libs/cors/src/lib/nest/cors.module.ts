import { Module, type DynamicModule, type Provider } from '@nestjs/common';
import { CORS_MODULE_OPTIONS } from './cors.constants';
import type { CorsModuleAsyncOptions, CorsModuleOptions } from './cors-module.options';
import { CorsPolicyProvider } from './cors-policy.provider';
import { CorsWiring } from './cors-wiring.service';
import { CorsService } from './cors.service';

const shared: Provider[] = [
  { provide: CorsPolicyProvider, useFactory: (o: CorsModuleOptions) => new CorsPolicyProvider(o), inject: [CORS_MODULE_OPTIONS] },
  CorsWiring,
  CorsService,
];

/**
 * Named CORS policies for a Nest app, on Express or Fastify. Import it once
 * (it is global); it installs its own hook, answers preflights before guards
 * and routing, and writes headers that survive errors.
 *
 * @example
 * ```ts
 * @Module({
 *   imports: [
 *     CorsModule.forRoot({
 *       policies: policiesFromConfig(config.cors), // or { StrictMvc: new CorsPolicyBuilder()...build() }
 *       defaultPolicy: 'AllowAll',
 *     }),
 *   ],
 * })
 * export class AppModule {}
 * ```
 */
@Module({})
export class CorsModule {
  /** Static options. Invalid options stop start-up with a `CorsConfigError`. */
  static forRoot(options: CorsModuleOptions): DynamicModule {
    return {
      global: true,
      module: CorsModule,
      providers: [{ provide: CORS_MODULE_OPTIONS, useValue: options }, ...shared],
      exports: [CorsPolicyProvider, CorsService],
    };
  }

  /**
   * Options from a factory (e.g. a config service).
   *
   * @example
   * ```ts
   * CorsModule.forRootAsync({
   *   inject: [GatewayConfig],
   *   useFactory: (c: GatewayConfig) => ({ policies: c.cors, endpointResolver: c.routes }),
   * })
   * ```
   */
  static forRootAsync(options: CorsModuleAsyncOptions): DynamicModule {
    return {
      global: true,
      module: CorsModule,
      imports: options.imports ?? [],
      providers: [{ provide: CORS_MODULE_OPTIONS, useFactory: options.useFactory, inject: options.inject ?? [] }, ...shared],
      exports: [CorsPolicyProvider, CorsService],
    };
  }
}
