import {
  Controller, Delete, Get, HttpCode, Post, Put, Res, UnauthorizedException, UseGuards,
  type CanActivate, type DynamicModule, type Type,
} from '@nestjs/common';
import { CorsModule } from '../lib/nest/cors.module';
import { DisableCors, EnableCors } from '../lib/nest/cors.decorators';
import type { CorsModuleOptions } from '../lib/nest/cors-module.options';
import { policiesFromConfig } from '../lib/policy/policies-from-config';
import { CORS_TEST_CONFIG, CORS_TEST_ENDPOINTS, type CorsTestEndpoint } from './cors-http-cases';

const VERB = { GET: Get, POST: Post, PUT: Put, DELETE: Delete } as const;

class DenyGuard implements CanActivate {
  canActivate(): boolean {
    throw new UnauthorizedException('sign in first');
  }
}

type AnyResponse = { getHeader(n: string): unknown } & ({ setHeader(n: string, v: string): unknown } | { header(n: string, v: string): unknown });

/** Appends to Vary the way a well-behaved handler or proxy must (not setHeader over it). */
function appendVary(res: AnyResponse, token: string): void {
  const current = res.getHeader('vary');
  const value = current ? `${String(current)}, ${token}` : token;
  if ('setHeader' in res) res.setHeader('Vary', value);
  else res.header('Vary', value);
}

function endpointController(e: CorsTestEndpoint, index: number): Type {
  class CorsTestEndpointController {
    handle(res: AnyResponse): { ok: true } {
      if (e.behaviour === 'throws') throw new Error('endpoint failure (expected by the CORS case table)');
      if (e.behaviour === 'vary') appendVary(res, 'Accept-Encoding');
      return { ok: true };
    }
  }
  Object.defineProperty(CorsTestEndpointController, 'name', { value: `CorsTestEndpoint${index}Controller` });
  const proto = CorsTestEndpointController.prototype;
  const descriptor = Object.getOwnPropertyDescriptor(proto, 'handle') as PropertyDescriptor;
  Res({ passthrough: true })(proto, 'handle', 0);
  VERB[e.method](e.path)(proto, 'handle', descriptor);
  HttpCode(e.behaviour === 'unauthorized' ? 401 : 200)(proto, 'handle', descriptor);
  if (e.policy === false) DisableCors()(proto, 'handle', descriptor);
  else if (e.policy !== 'default') EnableCors(e.policy)(proto, 'handle', descriptor);
  if (e.behaviour === 'unauthorized') UseGuards(DenyGuard)(proto, 'handle', descriptor);
  Controller()(CorsTestEndpointController);
  return CorsTestEndpointController;
}

/**
 * A Nest module serving {@link CORS_TEST_ENDPOINTS} with `CorsModule` and the
 * {@link CORS_TEST_CONFIG} policies: the reference host of the case table.
 *
 * @example
 * ```ts
 * const app = await NestFactory.create(corsTestHostModule(), new FastifyAdapter(), { logger: false });
 * await app.listen(0, '127.0.0.1');
 * ```
 */
export function corsTestHostModule(options: Partial<CorsModuleOptions> = {}): DynamicModule {
  class CorsTestHostModule {}
  return {
    module: CorsTestHostModule,
    imports: [CorsModule.forRoot({ policies: policiesFromConfig(CORS_TEST_CONFIG), ...options })],
    controllers: CORS_TEST_ENDPOINTS.map(endpointController),
  };
}

