import { RequestMethod, type Type } from '@nestjs/common';
import { MODULE_PATH, VERSION_METADATA } from '@nestjs/common/constants';
import { ApplicationConfig, MetadataScanner, ModulesContainer, Reflector } from '@nestjs/core';
// Nest's own path builders, so global prefix (with exclusions), RouterModule
// paths and URI versioning resolve exactly as the router registers them.
import { PathsExplorer } from '@nestjs/core/router/paths-explorer';
import { RoutePathFactory } from '@nestjs/core/router/route-path-factory';
import { PATH_METADATA } from '@nestjs/common/constants';
import { CorsConfigError } from '../policy/cors-config.error';
import { CORS_ENDPOINT_METADATA, type CorsEndpointMetadata } from './cors.constants';
import type { CorsPolicyProvider } from './cors-policy.provider';
import { CorsRouteTable, type CorsRouteChoice } from './cors-route-table';

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
  const explorer = new PathsExplorer(new MetadataScanner());
  const pathFactory = new RoutePathFactory(config);
  const globalPrefix = config.getGlobalPrefix();
  const versioningOptions = config.getVersioning();
  for (const module of modules.values()) {
    const modulePath: string | undefined =
      Reflect.getMetadata(MODULE_PATH + modules.applicationId, module.metatype) ?? Reflect.getMetadata(MODULE_PATH, module.metatype);
    for (const wrapper of module.controllers.values()) {
      const metatype = wrapper.metatype as Type;
      const classMeta = reflector.get<CorsEndpointMetadata | undefined>(CORS_ENDPOINT_METADATA, metatype);
      const classChoice = choiceOf(classMeta, provider, `@EnableCors on ${metatype.name}`);
      const ctrlPaths = ([] as string[]).concat(Reflect.getMetadata(PATH_METADATA, metatype) ?? '/');
      const controllerVersion = Reflect.getMetadata(VERSION_METADATA, metatype);
      // From the prototype, so request-scoped controllers (no static instance) are scanned too.
      for (const route of explorer.scanForPaths(Object.create(metatype.prototype) as object)) {
        const handlerMeta = reflector.get<CorsEndpointMetadata | undefined>(CORS_ENDPOINT_METADATA, route.targetCallback);
        const choice = handlerMeta !== undefined ? choiceOf(handlerMeta, provider, `@EnableCors on ${metatype.name}.${route.methodName}`) : classChoice;
        const method = RequestMethod[route.requestMethod];
        for (const ctrlPath of ctrlPaths) {
          for (const methodPath of route.path) {
            const paths = pathFactory.create(
              { ctrlPath, methodPath, modulePath, globalPrefix, controllerVersion, methodVersion: route.version, versioningOptions },
              route.requestMethod,
            );
            for (const path of paths) table.add(method, path, choice);
          }
        }
      }
    }
  }
  return table;
}
