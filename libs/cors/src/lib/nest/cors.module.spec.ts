import {
  Controller, Get, Module, Post, Put, RequestMethod, Scope, VersioningType,
  type INestApplication, type MiddlewareConsumer, type NestModule, type Type,
} from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { request } from 'node:http';
import { ExpressAdapter } from '@nestjs/platform-express';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { sendRaw } from '../../testing';
import { CorsConfigError } from '../policy/cors-config.error';
import { CorsPolicyBuilder } from '../policy/cors-policy.builder';
import { policiesFromConfig } from '../policy/policies-from-config';
import { DisableCors, EnableCors } from './cors.decorators';
import { CorsModule } from './cors.module';
import type { CorsModuleOptions } from './cors-module.options';
import { CorsPolicyProvider } from './cors-policy.provider';

const WEB = 'http://localhost:7152';
const OTHER = 'http://other.test';
const policies = {
  Any: new CorsPolicyBuilder('Any').allowAnyOrigin().allowAnyMethod().allowAnyHeader().build(),
  Web: new CorsPolicyBuilder('Web').withOrigins(WEB).withMethods('GET', 'POST').build(),
  WebCreds: new CorsPolicyBuilder('WebCreds').withOrigins(WEB).allowAnyMethod().allowCredentials().build(),
  Other: new CorsPolicyBuilder('Other').withOrigins(OTHER).withMethods('GET', 'PUT').build(),
};

@EnableCors('Web')
@Controller('layered')
class LayeredController {
  @Get('inherits') inherits() { return 'x'; }
  @EnableCors('WebCreds') @Get('handler') handler() { return 'x'; }
  @DisableCors() @Get('off') off() { return 'x'; }
  @EnableCors() @Get('default') byDefault() { return 'x'; }
  @Get('items/:id') item() { return 'x'; }
  @EnableCors('Other') @Put('items/:id') putItem() { return 'x'; }
}

@DisableCors()
@Controller('off')
class OffController {
  @Get() list() { return 'x'; }
  @EnableCors('Web') @Get('on') on() { return 'x'; }
}

@Controller({ path: 'scoped', scope: Scope.REQUEST })
class RequestScopedController {
  @EnableCors('Other') @Get() get() { return 'x'; }
}

@Controller({ path: 'versioned', version: '2' })
class VersionedController {
  @EnableCors('Other') @Get() get() { return 'x'; }
}

@Controller()
class PlainController {
  @Get('plain') plain() { return 'x'; }
  @Post('plain') post() { return 'x'; }
  @Get('files/*') files() { return 'x'; }
  @Get('health') health() { return 'x'; }
}

const quiet = { warn: jest.fn(), error: jest.fn() };

function moduleWith(options: Partial<CorsModuleOptions>, controllers: Type[] = [LayeredController, OffController, PlainController, VersionedController, RequestScopedController]) {
  @Module({ imports: [CorsModule.forRoot({ policies, defaultPolicy: 'Any', logger: quiet, ...options })], controllers })
  class AppModule {}
  return AppModule;
}

const adapters = [
  ['Express', () => new ExpressAdapter()],
  ['Fastify', () => new FastifyAdapter()],
] as const;

async function start(mod: Type, adapter: ExpressAdapter | FastifyAdapter, prepare?: (app: INestApplication) => void) {
  const app = await NestFactory.create(mod, adapter, { logger: false });
  prepare?.(app);
  await app.listen(0, '127.0.0.1');
  return { app, url: await app.getUrl() };
}

describe.each(adapters)('CorsModule on %s', (_name, adapter) => {
  let app: INestApplication;
  let url: string;
  beforeAll(async () => {
    ({ app, url } = await start(
      moduleWith({
        endpointResolver: (method, path) => (path.startsWith('/api/routes/off') ? false : path.startsWith('/api/routes/') ? (method === 'PUT' ? 'Other' : 'Web') : undefined),
      }),
      adapter(),
      (a) => {
        a.setGlobalPrefix('api', { exclude: [{ path: 'health', method: RequestMethod.GET }] });
        a.enableVersioning({ type: VersioningType.URI });
      },
    ));
  });
  afterAll(() => app.close());

  const acao = async (method: string, path: string, headers: Record<string, string>) =>
    (await sendRaw(url, method, path, headers)).headers['access-control-allow-origin'] ?? null;

  it.each([
    ['controller policy', 'GET', '/api/layered/inherits', WEB, WEB],
    ['controller policy refuses other', 'GET', '/api/layered/inherits', OTHER, null],
    ['handler beats controller', 'GET', '/api/layered/handler', WEB, WEB],
    ['handler @DisableCors beats controller', 'GET', '/api/layered/off', WEB, null],
    ['handler @EnableCors() = default policy', 'GET', '/api/layered/default', OTHER, '*'],
    ['route parameters', 'GET', '/api/layered/items/42?x=1', WEB, WEB],
    ['controller @DisableCors', 'GET', '/api/off', WEB, null],
    ['handler @EnableCors beats controller @DisableCors', 'GET', '/api/off/on/', WEB, WEB],
    ['URI versioning + global prefix', 'GET', '/api/v2/versioned', OTHER, OTHER],
    ['request-scoped controller', 'GET', '/api/scoped', OTHER, OTHER],
    ['prefix exclusion', 'GET', '/health', OTHER, '*'],
    ['rest wildcard route', 'GET', '/api/files/a/b/c', OTHER, '*'],
    ['HEAD served by GET handler', 'HEAD', '/api/layered/inherits', WEB, WEB],
    ['endpointResolver name', 'GET', '/api/routes/x', WEB, WEB],
    ['endpointResolver name refuses other', 'GET', '/api/routes/x', OTHER, null],
    ['endpointResolver false', 'GET', '/api/routes/off', WEB, null],
    ['no endpoint, no resolver opinion → default', 'GET', '/api/unknown', OTHER, '*'],
  ])('%s: %s %s from %s → %s', async (_n, method, path, origin, expected) => {
    expect(await acao(method, path, { origin })).toBe(expected);
  });

  it.each([
    ['preflight PUT resolves to the PUT handler policy', '/api/layered/items/7', OTHER, 'PUT', OTHER],
    ['preflight GET resolves to the GET handler (controller policy)', '/api/layered/items/7', OTHER, 'GET', null],
    ['preflight through endpointResolver uses the requested method', '/api/routes/y', OTHER, 'put', OTHER],
  ])('%s', async (_n, path, origin, method, expected) => {
    const res = await sendRaw(url, 'OPTIONS', path, { origin, 'access-control-request-method': method });
    expect(res.status).toBe(204);
    expect(res.headers['access-control-allow-origin'] ?? null).toBe(expected);
  });

  it('logs every refusal with its reason', async () => {
    quiet.warn.mockClear();
    await sendRaw(url, 'OPTIONS', '/api/layered/inherits', { origin: WEB, 'access-control-request-method': 'GET', 'access-control-request-headers': 'x-api-key' });
    expect(quiet.warn).toHaveBeenCalledWith(
      'CORS refused preflight for GET /api/layered/inherits: request header x-api-key is not allowed by policy Web [header-not-allowed]', 'Cors');
  });

  it('a body-parser 400 (malformed JSON) keeps the CORS headers', async () => {
    const res = await new Promise<{ status: number; acao: string | undefined }>((resolve, reject) => {
      const req = request(`${url}/api/plain`, { method: 'POST', headers: { origin: WEB, 'content-type': 'application/json' } }, (r) => {
        r.resume();
        r.on('end', () => resolve({ status: r.statusCode ?? 0, acao: r.headers['access-control-allow-origin'] as string | undefined }));
      });
      req.on('error', reject);
      req.end('{bad');
    });
    expect(res).toEqual({ status: 400, acao: '*' });
  });

  it('exposes the policy provider', () => {
    expect(app.get(CorsPolicyProvider).getPolicy('Web')).toBe(policies.Web);
  });
});

describe.each(adapters)('CorsModule options on %s', (_name, adapter) => {
  it('strict preflight: 403 with the reason', async () => {
    const { app, url } = await start(moduleWith({ strictPreflight: true }), adapter());
    try {
      const res = await sendRaw(url, 'OPTIONS', '/layered/items/1', { origin: WEB, 'access-control-request-method': 'PUT' });
      expect(res.status).toBe(403);
      expect(res.body).toBe('CORS preflight refused: origin "http://localhost:7152" is not allowed by policy Other');
      expect(Object.keys(res.headers).filter((h) => h.startsWith('access-control'))).toEqual([]);
    } finally {
      await app.close();
    }
  });

  it('keeps a request hook set on the adapter before it, running it after CORS', async () => {
    const a = adapter();
    const seen: string[] = [];
    a.setOnRequestHook((_req: unknown, _res: unknown, next: () => void) => {
      seen.push('previous');
      next();
    });
    const { app, url } = await start(moduleWith({}, [PlainController]), a);
    try {
      const res = await sendRaw(url, 'GET', '/plain', { origin: WEB });
      expect(res.status).toBe(200);
      expect(res.headers['access-control-allow-origin']).toBe('*');
      expect(seen).toEqual(['previous']);
    } finally {
      await app.close();
    }
  });

  it('endpointResolver object form, unknown names logged and ignored, no default', async () => {
    const { app, url } = await start(
      moduleWith({ defaultPolicy: null, endpointResolver: { resolve: (_m, p) => (p === '/plain' ? 'Web' : p === '/bad' ? 'Nope' : undefined) } },
        [PlainController]),
      adapter(),
    );
    try {
      expect((await sendRaw(url, 'GET', '/plain', { origin: WEB })).headers['access-control-allow-origin']).toBe(WEB);
      expect((await sendRaw(url, 'GET', '/health', { origin: WEB })).headers['access-control-allow-origin']).toBeUndefined();
      quiet.error.mockClear();
      expect((await sendRaw(url, 'GET', '/bad', { origin: WEB })).headers['access-control-allow-origin']).toBeUndefined();
      expect(quiet.error).toHaveBeenCalledWith(expect.stringContaining('unknown CORS policy "Nope"'), 'Cors');
    } finally {
      await app.close();
    }
  });

  it('forRootAsync with a policy set from config', async () => {
    @Module({
      imports: [CorsModule.forRootAsync({
        useFactory: async () => ({ policies: policiesFromConfig({ defaultPolicy: 'A', policies: { A: { origins: [OTHER] } } }), logger: quiet }),
      })],
      controllers: [PlainController],
    })
    class AsyncModule {}
    const { app, url } = await start(AsyncModule, adapter());
    try {
      expect((await sendRaw(url, 'GET', '/plain', { origin: OTHER })).headers['access-control-allow-origin']).toBe(OTHER);
    } finally {
      await app.close();
    }
  });

  it.each([
    ['NestFactory.create', async (mod: Type) => NestFactory.create(mod, adapter(), { logger: false })],
    ['Test.createTestingModule', async (mod: Type) =>
      (await Test.createTestingModule({ imports: [mod] }).compile()).createNestApplication(adapter(), { logger: false })],
  ])('%s: runs before Nest middleware and guards', async (_how, create) => {
    // A Nest middleware that answers everything with 418: preflights must never reach it,
    // and its responses must still carry the CORS headers written before it ran.
    @Module({ imports: [moduleWith({})] })
    class WithMiddleware implements NestModule {
      configure(consumer: MiddlewareConsumer) {
        consumer.apply((_req: unknown, res: { statusCode: number; end(b: string): void }) => {
          res.statusCode = 418;
          res.end('teapot');
        }).forRoutes('*');
      }
    }
    const app = await create(WithMiddleware);
    await app.listen(0, '127.0.0.1');
    try {
      const url = await app.getUrl();
      const res = await sendRaw(url, 'OPTIONS', '/plain', { origin: WEB, 'access-control-request-method': 'POST' });
      expect(res.status).toBe(204);
      expect(res.headers['access-control-allow-origin']).toBe('*');
      const get = await sendRaw(url, 'GET', '/layered/inherits', { origin: WEB });
      expect(get.status).toBe(418);
      expect(get.headers['access-control-allow-origin']).toBe(WEB);
    } finally {
      await app.close();
    }
  });
});

describe('CorsModule start-up errors', () => {
  it.each([
    ['unknown handler policy', (() => {
      @Controller('x') class C { @EnableCors('Nope') @Get() get() { return 1; } }
      return C;
    })(), 'unknown-policy', '@EnableCors on C.get', 'unknown CORS policy "Nope"; defined policies: Any, Web, WebCreds, Other'],
    ['unknown controller policy', (() => {
      @EnableCors('Missing') @Controller('y') class D { @Get() get() { return 1; } }
      return D;
    })(), 'unknown-policy', '@EnableCors on D', 'unknown CORS policy "Missing"'],
  ])('%s fails with the name', async (_n, controller, code, field, message) => {
    const error = await NestFactory.create(moduleWith({}, [controller]), new ExpressAdapter(), { logger: false, abortOnError: false })
      .then((app) => app.init().then(() => app.close()))
      .then(() => null, (e: unknown) => e);
    expect(error).toBeInstanceOf(CorsConfigError);
    expect(error).toMatchObject({ code, field });
    expect((error as Error).message).toContain(message);
  });

  it('@EnableCors() needs a default policy', async () => {
    const error = await NestFactory.create(moduleWith({ defaultPolicy: null }, [LayeredController]), new FastifyAdapter(), { logger: false, abortOnError: false })
      .then((app) => app.init().then(() => app.close()))
      .then(() => null, (e: unknown) => e);
    expect(error).toMatchObject({ code: 'unknown-policy', field: '@EnableCors on LayeredController.byDefault' });
  });

  it('unknown default policy', async () => {
    const error = await NestFactory.create(moduleWith({ defaultPolicy: 'Nope' }, []), new ExpressAdapter(), { logger: false, abortOnError: false })
      .then(() => null, (e: unknown) => e);
    expect(error).toMatchObject({ code: 'unknown-policy', field: 'defaultPolicy' });
  });

  it('non-policy values', () => {
    expect(() => new CorsPolicyProvider({ policies: { A: {} as never } })).toThrow('policies.A: must be a CorsPolicy');
  });

  it('refuses an adapter it cannot hook', async () => {
    const adapter = new ExpressAdapter();
    jest.spyOn(adapter, 'getType').mockReturnValue('koa');
    const error = await NestFactory.create(moduleWith({}, []), adapter, { logger: false, abortOnError: false }).then(() => null, (e: unknown) => e);
    expect((error as Error).message).toBe('CorsModule supports the express and fastify adapters, not "koa"');
  });

  it('refuses a second CorsModule on the same server', async () => {
    @Module({ imports: [CorsModule.forRoot({ policies: { A: policies.Any }, defaultPolicy: 'A' })] })
    class Inner {}
    @Module({ imports: [Inner, CorsModule.forRoot({ policies, defaultPolicy: 'Web' })] })
    class Outer {}
    const error = await NestFactory.create(Outer, new FastifyAdapter(), { logger: false, abortOnError: false }).then(() => null, (e: unknown) => e);
    expect((error as Error).message).toContain('CorsModule is installed twice on this application');
  });

  it('works without an HTTP server (application context)', async () => {
    const ctx = await NestFactory.createApplicationContext(moduleWith({}, []), { logger: false });
    expect(ctx.get(CorsPolicyProvider).names).toEqual(['Any', 'Web', 'WebCreds', 'Other']);
    await ctx.close();
  });
});

// A policy set swapped at run time
// governs decorated endpoints and the default alike; a set that drops a policy
// a decorator uses is refused and changes nothing.
describe.each(adapters)('CorsPolicyProvider.replace at run time on %s', (_name, adapter) => {
  let app: INestApplication;
  let url: string;
  beforeAll(async () => {
    ({ app, url } = await start(moduleWith({}, [LayeredController]), adapter()));
  });
  afterAll(() => app.close());

  const acao = async (path: string, origin: string) =>
    (await sendRaw(url, 'GET', path, { origin })).headers['access-control-allow-origin'] ?? null;
  const widenedWeb = new CorsPolicyBuilder('Web').withOrigins(WEB, OTHER).withMethods('GET').build();

  it('applies the new policies to decorated endpoints and the new default to @EnableCors()', async () => {
    const provider = app.get(CorsPolicyProvider);
    expect(await acao('/layered/inherits', OTHER)).toBeNull();
    expect(await acao('/layered/default', OTHER)).toBe('*');
    provider.replace({ policies: { ...policies, Web: widenedWeb }, defaultPolicy: 'Other' });
    expect(await acao('/layered/inherits', OTHER)).toBe(OTHER);
    expect(await acao('/layered/default', OTHER)).toBe(OTHER);
    expect(await acao('/layered/default', WEB)).toBeNull();
    provider.replace({ policies, defaultPolicy: 'Any' });
    expect(await acao('/layered/inherits', OTHER)).toBeNull();
  });

  it.each([
    ['drops a policy a decorator names', { policies: { Any: policies.Any, Web: policies.Web, Other: policies.Other }, defaultPolicy: 'Any' }, /@EnableCors on LayeredController\.handler: .*WebCreds/],
    ['has no default while @EnableCors() needs one', { policies, defaultPolicy: null }, /@EnableCors on LayeredController\.byDefault: .*needs a default policy/],
    ['names an unknown default', { policies, defaultPolicy: 'Nope' }, /defaultPolicy: .*Nope/],
  ])('refuses a set that %s, and keeps the running one', async (_case, next, message) => {
    const provider = app.get(CorsPolicyProvider);
    expect(() => provider.assertCanReplace(next)).toThrow(message);
    expect(() => provider.replace(next)).toThrow(CorsConfigError);
    expect(provider.defaultPolicyName).toBe('Any');
    expect(await acao('/layered/handler', WEB)).toBe(WEB);
    expect(await acao('/layered/default', OTHER)).toBe('*');
  });
});
