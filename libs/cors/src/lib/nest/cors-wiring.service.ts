import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleInit } from '@nestjs/common';
import type { Server } from 'node:http';
import { ApplicationConfig, HttpAdapterHost, ModuleRef, ModulesContainer, Reflector } from '@nestjs/core';
import { CORS_MODULE_OPTIONS } from './cors.constants';
import { expressCorsMiddleware, fastifyCorsHook } from './cors-adapter.hooks';
import { CorsEngine } from './cors-engine';
import type { CorsModuleOptions } from './cors-module.options';
import { CorsPolicyProvider } from './cors-policy.provider';
import { installEarlyPreflight } from './early-preflight.listener';
import { scanNestRoutes } from './nest-route-scanner';

// One CORS layer per server: a second CorsModule.forRoot with other options
// would silently stack two policies on every response.
const hooked = new WeakSet<object>();
const earlyServers = new WeakSet<object>();

type RequestHook = (req: never, res: never, next: () => void) => void;

/**
 * Installs the CORS hook into the HTTP adapter automatically: importing
 * `CorsModule.forRoot(...)` is enough, no `main.ts` call.
 *
 * Both Nest adapters reserve a first-of-all request hook for this
 * (`HttpAdapter.setOnRequestHook`): on Express the first middleware of the
 * app, on Fastify the first `onRequest` hook (it also runs for 404s). It runs
 * before body parsers, Nest middleware (Fastify: middie, registered before
 * any provider exists), guards, interceptors and routes. A hook set earlier
 * by someone else still runs, after ours.
 *
 * It installs the moment the adapter is attached (`HttpAdapterHost.init$`):
 * during `NestFactory.create`, or in `createNestApplication()` for
 * `Test.createTestingModule(...)` apps.
 * The route table is compiled at `onModuleInit`, after the global prefix and
 * versioning are set and before the server listens.
 */
@Injectable()
export class CorsWiring implements OnModuleInit, OnApplicationBootstrap {
  readonly engine: CorsEngine;
  private installError: unknown = null;

  constructor(
    @Inject(CORS_MODULE_OPTIONS) private readonly options: CorsModuleOptions,
    private readonly provider: CorsPolicyProvider,
    private readonly adapterHost: HttpAdapterHost,
    private readonly modules: ModulesContainer,
    private readonly reflector: Reflector,
    private readonly moduleRef: ModuleRef,
  ) {
    this.engine = new CorsEngine(provider, options.logger ?? new Logger('Cors'), options.strictPreflight === true, options.endpointResolver, options.observer);
    // A ReplaySubject: fires now if the adapter is already attached, else when
    // it is. RxJS would rethrow a subscriber's error asynchronously (crashing
    // the process), so keep it and fail start-up here or in onModuleInit.
    adapterHost.init$.subscribe(() => {
      try {
        this.install();
      } catch (e) {
        this.installError = e;
      }
    });
    this.rethrow();
  }

  onModuleInit(): void {
    this.rethrow();
    // ModuleRef keeps the container (and its ApplicationConfig) in a protected field.
    const container = (this.moduleRef as unknown as { container?: { applicationConfig?: ApplicationConfig } }).container;
    const config = container?.applicationConfig ?? new ApplicationConfig();
    this.engine.table = scanNestRoutes(this.modules, this.reflector, config, this.provider);
  }

  /**
   * `earlyPreflight`: the HTTP server exists once the Nest application does
   * (for Express it is created after the providers), so this waits for `init()`.
   */
  onApplicationBootstrap(): void {
    const early = this.options.earlyPreflight;
    if (early === undefined || early === false) return;
    const server = this.adapterHost.httpAdapter?.getHttpServer() as Server | undefined;
    if (server === undefined || earlyServers.has(server)) return;
    earlyServers.add(server);
    installEarlyPreflight(server, this.engine, early === true ? undefined : early.headers);
  }

  private rethrow(): void {
    if (this.installError !== null) throw this.installError;
  }

  private install(): void {
    const adapter = this.adapterHost.httpAdapter;
    if (!adapter) return; // application context without an HTTP server
    const instance = adapter.getInstance() as object;
    if (hooked.has(instance)) {
      throw new Error('CorsModule is installed twice on this application; import CorsModule.forRoot(...) once, in the root module (it is global)');
    }
    hooked.add(instance);
    const type = adapter.getType();
    if (type !== 'fastify' && type !== 'express') {
      throw new Error(`CorsModule supports the express and fastify adapters, not "${type}"`);
    }
    const ours = (type === 'fastify' ? fastifyCorsHook(this.engine) : expressCorsMiddleware(this.engine)) as RequestHook;
    const previous = (adapter as unknown as { onRequestHook?: RequestHook }).onRequestHook;
    adapter.setOnRequestHook(previous ? (req: never, res: never, next: () => void) => ours(req, res, () => previous(req, res, next)) : ours);
  }
}
