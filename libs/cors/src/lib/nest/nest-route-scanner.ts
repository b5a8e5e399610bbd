import { RequestMethod, VERSION_NEUTRAL, VersioningType, type Type, type VersioningOptions } from '@nestjs/common';
import { METHOD_METADATA, MODULE_PATH, PATH_METADATA, VERSION_METADATA } from '@nestjs/common/constants';
import { type ApplicationConfig, MetadataScanner, type ModulesContainer, type Reflector } from '@nestjs/core';
import { CorsConfigError } from '../policy/cors-config.error';
import { CORS_ENDPOINT_METADATA, type CorsEndpointMetadata } from './cors.constants';
import type { CorsPolicyProvider } from './cors-policy.provider';
import { CorsRouteTable, type CorsRouteChoice } from './cors-route-table';

// What @Version() / @Controller({ version }) store.
type VersionValue = string | typeof VERSION_NEUTRAL | (string | typeof VERSION_NEUTRAL)[];

const INHERIT = { kind: 'inherit' } as const;
const DISABLED = { kind: 'disabled' } as const;

function choiceOf(
  meta: CorsEndpointMetadata | undefined,
  provider: CorsPolicyProvider,
  where: string,
): CorsRouteChoice<string | null> {
  if (meta === undefined) return INHERIT;
  if ('disabled' in meta) return DISABLED;
  if (meta.policy === null && provider.getPolicy() === null) {
    throw new CorsConfigError('unknown-policy', where, '@EnableCors() without a name needs a default policy; set defaultPolicy or name a policy');
  }
  if (meta.policy !== null) provider.getPolicy(meta.policy, where);
  // By name, resolved per request: a policy set replaced at run time applies here too.
  provider.pin(meta.policy, where);
  return { kind: 'policy', policy: meta.policy };
}

/**
 * An entry of `setGlobalPrefix(prefix, { exclude })` as ApplicationConfig keeps it (compiled by Nest).
 * Its method is RequestMethod.ALL, or -1, which Nest's router also reads as "every method".
 */
interface ExcludedRoute {
  readonly requestMethod: RequestMethod;
  readonly pathRegex: RegExp;
}

const slash = (p: string) => (p.startsWith('/') ? p : `/${p}`);
const noEndSlash = (p: string) => (p.endsWith('/') ? p.slice(0, -1) : p);
const join = (paths: string[], fragment: string | string[] | undefined): string[] =>
  fragment === undefined || fragment === '' ? paths : paths.flatMap((p) => ([] as string[]).concat(fragment).map((f) => noEndSlash(p) + slash(f)));

/**
 * The paths Nest's router registers one handler under, built from the route
 * metadata Nest's decorators store (PATH_METADATA, METHOD_METADATA,
 * VERSION_METADATA, MODULE_PATH) the way the router composes them: URI
 * version prefix, RouterModule path, controller path, method path, then the
 * global prefix unless `exclude` matches the unprefixed path for this method.
 * Only public Nest APIs are used, so a Nest minor release cannot break it by
 * moving an internal class.
 */
function routePaths(
  parts: { modulePath?: string; ctrlPath: string; methodPath: string; version: VersionValue | undefined },
  method: RequestMethod,
  config: ApplicationConfig,
): string[] {
  const versioning: VersioningOptions | undefined = config.getVersioning();
  const uri = versioning?.type === VersioningType.URI ? versioning : undefined;
  const prefix = uri === undefined || uri.prefix === undefined ? 'v' : uri.prefix === false ? '' : uri.prefix;
  const versions: (string | symbol | undefined)[] = uri && parts.version !== undefined ? ([] as (string | symbol)[]).concat(parts.version) : [undefined];
  const globalPrefix = config.getGlobalPrefix();
  const exclude = (config.getGlobalPrefixOptions().exclude ?? []) as unknown as ExcludedRoute[];
  return versions.flatMap((version) => {
    const versionPath = version === undefined || version === VERSION_NEUTRAL ? '' : `/${prefix}${String(version)}`;
    // Exclusions are matched against the path without its version segment, as Nest does.
    return join(join(join([''], parts.modulePath), parts.ctrlPath), parts.methodPath).map((p) => {
      const bare = slash(p || '/');
      const excluded = exclude.some(
        (r) => (r.requestMethod === RequestMethod.ALL || (r.requestMethod as number) === -1 || r.requestMethod === method) && r.pathRegex.test(bare),
      );
      const path = slash((globalPrefix && !excluded ? noEndSlash(globalPrefix) : '') + versionPath + p || '/');
      return path === '/' ? path : noEndSlash(path);
    });
  });
}

/**
 * Scans every controller at start-up into a {@link CorsRouteTable}: each
 * route's path as Nest registers it and the policy its decorators pick
 * (handler over controller). Unknown policy names fail here, naming the
 * decorated class and method.
 */
export function scanNestRoutes(
  modules: ModulesContainer,
  reflector: Reflector,
  config: ApplicationConfig,
  provider: CorsPolicyProvider,
): CorsRouteTable<string | null> {
  const table = new CorsRouteTable<string | null>();
  const scanner = new MetadataScanner();
  for (const module of modules.values()) {
    const modulePath: string | undefined =
      Reflect.getMetadata(MODULE_PATH + modules.applicationId, module.metatype) ?? Reflect.getMetadata(MODULE_PATH, module.metatype);
    for (const wrapper of module.controllers.values()) {
      const metatype = wrapper.metatype as Type;
      const classMeta = reflector.get<CorsEndpointMetadata | undefined>(CORS_ENDPOINT_METADATA, metatype);
      const classChoice = choiceOf(classMeta, provider, `@EnableCors on ${metatype.name}`);
      const ctrlPaths = ([] as string[]).concat(Reflect.getMetadata(PATH_METADATA, metatype) ?? '/');
      const controllerVersion: VersionValue | undefined = Reflect.getMetadata(VERSION_METADATA, metatype);
      // From the prototype, so request-scoped controllers (no static instance) are scanned too.
      const prototype = metatype.prototype as Record<string, unknown>;
      for (const methodName of scanner.getAllMethodNames(prototype)) {
        const handler = prototype[methodName] as object;
        const routePath: string | string[] | undefined = Reflect.getMetadata(PATH_METADATA, handler);
        if (routePath === undefined) continue;
        const requestMethod: RequestMethod = Reflect.getMetadata(METHOD_METADATA, handler);
        const version: VersionValue | undefined = Reflect.getMetadata(VERSION_METADATA, handler) ?? controllerVersion;
        const handlerMeta = reflector.get<CorsEndpointMetadata | undefined>(CORS_ENDPOINT_METADATA, handler as () => void);
        const choice = handlerMeta !== undefined ? choiceOf(handlerMeta, provider, `@EnableCors on ${metatype.name}.${methodName}`) : classChoice;
        for (const ctrlPath of ctrlPaths) {
          for (const methodPath of ([] as string[]).concat(routePath).map(slash)) {
            for (const path of routePaths({ modulePath, ctrlPath, methodPath, version }, requestMethod, config)) {
              table.add(RequestMethod[requestMethod], path, choice);
            }
          }
        }
      }
    }
  }
  return table;
}
