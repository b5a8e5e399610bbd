import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { ApplicationConfig, HttpAdapterHost, ModuleRef, ModulesContainer, Reflector } from '@nestjs/core';
import { CORS_MODULE_OPTIONS } from './cors.constants';
import { expressCorsMiddleware, fastifyCorsHook } from './cors-adapter.hooks';
import { CorsEngine } from './cors-engine';
import type { CorsModuleOptions } from './cors-module.options';
import { CorsPolicyProvider } from './cors-policy.provider';
import { scanNestRoutes } from './nest-route-scanner';

// One CORS layer per server: a second CorsModule.forRoot with other options
// would silently stack two policies on every response.
const hooked = new WeakSet<object>();

interface ExpressLike {
  use(fn: unknown): unknown;
  router?: { stack: unknown[] };
  _router?: { stack: unknown[] };
}
interface FastifyLike {
  addHook(name: 'onRequest', fn: unknown): unknown;
}

/**
 * Installs the CORS hook into the HTTP adapter automatically: importing
 * `CorsModule.forRoot(...)` is enough, no `main.ts` call.
 *
 * - Express: a middleware at the very front of the app's stack (before body
 *   parsers, Nest middleware, guards and routes).
 * - Fastify: an `onRequest` hook (runs for matched routes and for 404s).
 *
 * It installs as soon as the adapter exists: during `NestFactory.create`
 * (constructor) or, for `Test.createTestingModule(...).createNestApplication()`,
 * at `onModuleInit`. The route table is compiled at `onModuleInit`, after the
 * global prefix and versioning are set and before the server listens.
 */
@Injectable()
export class CorsWiring implements OnModuleInit {
  readonly engine: CorsEngine;
  private installed = false;

  constructor(
    @Inject(CORS_MODULE_OPTIONS) private readonly options: CorsModuleOptions,
    private readonly provider: CorsPolicyProvider,
    private readonly adapterHost: HttpAdapterHost,
    private readonly modules: ModulesContainer,
    private readonly reflector: Reflector,
    private readonly moduleRef: ModuleRef,
  ) {
    this.engine = new CorsEngine(provider, options.logger ?? new Logger('Cors'), options.strictPreflight === true, options.endpointResolver);
    this.install(false);
  }

  onModuleInit(): void {
    this.install(true);
    // ModuleRef keeps the container (and its ApplicationConfig) in a protected field.
    const container = (this.moduleRef as unknown as { container?: { applicationConfig?: ApplicationConfig } }).container;
    const config = container?.applicationConfig ?? new ApplicationConfig();
    this.engine.table = scanNestRoutes(this.modules, this.reflector, config, this.provider);
  }

  private install(late: boolean): void {
    const adapter = this.adapterHost?.httpAdapter;
    if (this.installed || !adapter) return;
    this.installed = true;
    const instance = adapter.getInstance() as object;
    if (hooked.has(instance)) {
      throw new Error('CorsModule is installed twice on this application; import CorsModule.forRoot(...) once, in the root module (it is global)');
    }
    hooked.add(instance);
    const type = adapter.getType();
    if (type === 'fastify') {
      (instance as FastifyLike).addHook('onRequest', fastifyCorsHook(this.engine));
    } else if (type === 'express') {
      const app = instance as ExpressLike;
      app.use(expressCorsMiddleware(this.engine));
      // Routes are already registered when we come late: move our layer to the front.
      const stack = (app.router ?? app._router)?.stack;
      if (late && stack) stack.unshift(stack.pop());
    } else {
      throw new Error(`CorsModule supports the express and fastify adapters, not "${type}"`);
    }
  }
}
