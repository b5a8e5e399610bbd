import { Controller, Get, Module, RequestMethod, VERSION_NEUTRAL, VersioningType, type INestApplication, type VersioningOptions } from '@nestjs/common';
import { NestFactory, RouterModule } from '@nestjs/core';
import { ExpressAdapter } from '@nestjs/platform-express';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { sendRaw } from '../../testing';
import { CorsPolicyBuilder } from '../policy/cors-policy.builder';
import { EnableCors } from './cors.decorators';
import { CorsModule } from './cors.module';

// The scanner builds paths from Nest's public route metadata; the oracle here
// is Nest's own router: every path must be served (not 404) AND get the
// decorated policy, on both adapters, under RouterModule, URI versioning
// (custom prefix, several versions, VERSION_NEUTRAL) and prefix exclusions.
const WEB = 'http://localhost:7152';
const OTHER = 'http://other.test';
const policies = {
  Any: new CorsPolicyBuilder('Any').allowAnyOrigin().build(),
  Other: new CorsPolicyBuilder('Other').withOrigins(OTHER).build(),
};

@EnableCors('Other')
@Controller({ path: 'reports', version: ['1', VERSION_NEUTRAL] })
class ReportsController {
  @Get() list() { return 'x'; }
  @Get(['status', 'state']) status() { return 'x'; }
}

@Controller('/')
class RootController {
  @EnableCors('Other') @Get() root() { return 'x'; }
}

@Module({ controllers: [ReportsController] })
class AdminModule {}

@Module({
  imports: [CorsModule.forRoot({ policies, defaultPolicy: 'Any', logger: { warn: () => undefined, error: () => undefined } }), AdminModule,
    RouterModule.register([{ path: 'admin', module: AdminModule }])],
  controllers: [RootController],
})
class AppModule {}

const setups: [string, VersioningOptions, [string, number][]][] = [
  ['URI prefix "ver"', { type: VersioningType.URI, prefix: 'ver' }, [
    ['/api/ver1/admin/reports', 200], ['/api/admin/reports', 200], ['/api/ver1/admin/reports/state', 200],
    // excluded from the global prefix, with and without the version segment
    ['/ver1/admin/reports/status', 200], ['/admin/reports/status', 200], ['/api', 200],
  ]],
  ['URI without prefix', { type: VersioningType.URI, prefix: false }, [['/api/1/admin/reports', 200], ['/api/admin/reports', 200]]],
  ['header versioning', { type: VersioningType.HEADER, header: 'X-Version' }, [['/api/admin/reports', 200], ['/admin/reports/status', 200]]],
];

describe.each([
  ['Express', () => new ExpressAdapter()],
  ['Fastify', () => new FastifyAdapter()],
] as const)('route scan on %s', (_name, adapter) => {
  describe.each(setups)('%s', (_label, versioning, paths) => {
    let app: INestApplication;
    let url: string;
    beforeAll(async () => {
      app = await NestFactory.create(AppModule, adapter(), { logger: false });
      app.setGlobalPrefix('api', { exclude: [{ path: 'admin/reports/status', method: RequestMethod.GET }] });
      app.enableVersioning(versioning);
      await app.listen(0, '127.0.0.1');
      url = await app.getUrl();
    });
    afterAll(() => app.close());

    it.each(paths)('%s is served with the decorated policy', async (path, status) => {
      const res = await sendRaw(url, 'GET', path, { origin: OTHER, 'x-version': '1' });
      expect(res.status).toBe(status);
      expect(res.headers['access-control-allow-origin']).toBe(OTHER);
      const refused = await sendRaw(url, 'GET', path, { origin: WEB, 'x-version': '1' });
      expect(refused.headers['access-control-allow-origin']).toBeUndefined();
    });
  });
});
