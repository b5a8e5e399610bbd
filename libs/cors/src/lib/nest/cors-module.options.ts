import type { ModuleMetadata } from '@nestjs/common';
import type { IncomingMessage } from 'node:http';
import type { CorsPolicy } from '../policy/cors-policy';
import type { CorsPolicySet } from '../policy/policies-from-config';
import type { CorsObserver } from './cors-observer';

/**
 * The gateway's config routes, consulted when no decorator applies:
 * a policy name, `false` for "CORS disabled on this route", or `undefined`
 * for "no opinion" (the default policy then applies).
 */
export type CorsEndpointResolver =
  | ((method: string, path: string) => string | false | undefined)
  | { resolve(method: string, path: string): string | false | undefined };

/** Where refusals and start-up problems are reported (Nest's `LoggerService` fits). */
export interface CorsLogger {
  warn(message: string, context?: string): unknown;
  error(message: string, context?: string): unknown;
}

/**
 * Headers to add to an early preflight answer: what the framework would have
 * added to it (the gateway's `X-Request-Id`). Called once per answer.
 */
export type CorsEarlyPreflightHeaders = (req: IncomingMessage) => Readonly<Record<string, string>>;

/** Options of `CorsModule.forRoot`. */
export interface CorsModuleOptions {
  /** Named policies: the result of `policiesFromConfig`, a Map, or a plain object. */
  readonly policies: CorsPolicySet | ReadonlyMap<string, CorsPolicy> | Readonly<Record<string, CorsPolicy>>;
  /**
   * The policy applied where nothing more specific does; `null` = no global
   * CORS. Defaults to the `defaultPolicy` of a `CorsPolicySet`, else `null`.
   */
  readonly defaultPolicy?: string | null;
  /** Refused preflights get 403 with the reason instead of 204 (see `evaluateCors`). */
  readonly strictPreflight?: boolean;
  /** Config-route lookup (the gateway); see {@link CorsEndpointResolver}. */
  readonly endpointResolver?: CorsEndpointResolver;
  /** Defaults to Nest's `Logger` with context `Cors`. */
  readonly logger?: CorsLogger;
  /**
   * Told about every preflight and every refusal, with the policy's name and
   * the reason (metrics: which origins which policy refuses, and why).
   */
  readonly observer?: CorsObserver;
  /**
   * Answer preflights in the HTTP server's own `request` listener, before
   * Express or Fastify build their request objects (that set-up is
   * most of what a preflight costs). Same policy choice, same decision, same
   * headers. What the framework would do for a preflight does not happen:
   * its hooks, request ids and access logs never see it; `headers` can add
   * per-request headers. Suits an app that mostly answers preflights. Installed at
   * `app.init()`; requests injected without a server (Fastify `inject`,
   * supertest on the app's handler) still get the adapter hook's answer.
   * Default `false`: the adapter's first hook answers preflights.
   */
  readonly earlyPreflight?: boolean | { readonly headers?: CorsEarlyPreflightHeaders };
}

/** Options of `CorsModule.forRootAsync`. */
export interface CorsModuleAsyncOptions extends Pick<ModuleMetadata, 'imports'> {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly inject?: any[];
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly useFactory: (...args: any[]) => CorsModuleOptions | Promise<CorsModuleOptions>;
}
