import type { ModuleMetadata } from '@nestjs/common';
import type { CorsPolicy } from '../policy/cors-policy';
import type { CorsPolicySet } from '../policy/policies-from-config';

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
}

/** Options of `CorsModule.forRootAsync`. */
export interface CorsModuleAsyncOptions extends Pick<ModuleMetadata, 'imports'> {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly inject?: any[];
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly useFactory: (...args: any[]) => CorsModuleOptions | Promise<CorsModuleOptions>;
}
