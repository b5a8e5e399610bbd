import { CorsModule, CorsPolicyBuilder } from '@corsway/cors';
import { scrapeMetrics, send } from '@corsway/testing';
import { Controller, Get, Inject, Injectable, Module, type INestApplication, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ExpressAdapter } from '@nestjs/platform-express';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Counter, type Registry } from 'prom-client';
import { createMetricsRegistry } from './metrics-registry';
import { METRICS_REGISTRY } from './metrics.constants';
import { MetricsModule } from './metrics.module';
import { MetricsServer } from './metrics.server';

/** What an app does with the module: a provider registers a counter on the injected registry. */
@Injectable()
class Visits {
  readonly counter: Counter;
  constructor(@Inject(METRICS_REGISTRY) registry: Registry) {
    this.counter = new Counter({ name: 'test_visits_total', help: 'Visits of /visit', registers: [registry] });
  }
}

@Controller()
class VisitController {
  constructor(private readonly visits: Visits) {}
  @Get('visit') visit() {
    this.visits.counter.inc();
    return { ok: true };
  }
}

const ORIGIN = 'http://page.test';

/** A permissive default CORS policy: /metrics must still get no CORS headers (@DisableCors). */
function appModule(registry: Registry, port?: number): Type {
  @Module({
    imports: [
      MetricsModule.forRoot({ registry, port }),
      CorsModule.forRoot({
        policies: { Any: new CorsPolicyBuilder('Any').allowAnyOrigin().allowAnyMethod().allowAnyHeader().build() },
        defaultPolicy: 'Any',
      }),
    ],
    controllers: [VisitController],
    providers: [Visits],
  })
  class TestAppModule {}
  return TestAppModule;
}

const ADAPTERS = [
  ['Express', () => new ExpressAdapter()],
  ['Fastify', () => new FastifyAdapter()],
] as const;

async function start(adapter: ExpressAdapter | FastifyAdapter, registry: Registry, port?: number) {
  // abortOnError false: a failing app.get() throws to the test instead of exiting the process.
  const app = await NestFactory.create(appModule(registry, port), adapter, { logger: false, abortOnError: false });
  await app.listen(0, '127.0.0.1');
  return { app, url: `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}` };
}

describe.each(ADAPTERS)('MetricsModule on %s', (_name, adapter) => {
  describe('on the app port (no METRICS_PORT)', () => {
    let app: INestApplication;
    let url: string;
    let registry: Registry;
    beforeAll(async () => {
      registry = createMetricsRegistry('test-app');
      ({ app, url } = await start(adapter(), registry));
    });
    afterAll(() => app.close());

    it('serves GET /metrics in the text format, with the registry content type', async () => {
      const res = await send(`${url}/metrics`);
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe(registry.contentType);
      expect(res.text).toContain('# TYPE test_visits_total counter');
    });

    it('counts exactly what the app counted, labelled app="<name>", beside the process metrics', async () => {
      const before = await scrapeMetrics(url);
      for (let i = 0; i < 3; i++) expect((await send(`${url}/visit`)).status).toBe(200);
      const after = await scrapeMetrics(url);
      expect(
        after.value('test_visits_total', { app: 'test-app' }) - before.value('test_visits_total', { app: 'test-app' }),
      ).toBe(3);
      expect(after.help('test_visits_total')).toBe('Visits of /visit');
      expect(after.type('process_cpu_user_seconds_total')).toBe('counter');
      expect(after.value('process_resident_memory_bytes', { app: 'test-app' })).toBeGreaterThan(0);
    });

    it('answers without CORS headers even under a permissive default policy (@DisableCors)', async () => {
      const res = await send(`${url}/metrics`, { headers: { origin: ORIGIN } });
      expect(res.status).toBe(200);
      expect(Object.keys(res.headers).filter((h) => h.startsWith('access-control-'))).toEqual([]);
      // The same policy does answer the app's own routes: the decorator, not the setup, made the difference.
      expect((await send(`${url}/visit`, { headers: { origin: ORIGIN } })).headers['access-control-allow-origin']).toBe(
        '*',
      );
    });

    it('provides no MetricsServer', () => {
      expect(() => app.get(MetricsServer)).toThrow();
    });
  });

  describe('on its own port (METRICS_PORT=0)', () => {
    let app: INestApplication;
    let url: string;
    let metricsUrl: string;
    beforeAll(async () => {
      ({ app, url } = await start(adapter(), createMetricsRegistry('test-app'), 0));
      metricsUrl = `http://127.0.0.1:${app.get(MetricsServer).port}`;
    });
    afterAll(() => app.close());

    it('serves the metrics there, and the app port has no /metrics route', async () => {
      await send(`${url}/visit`);
      expect((await scrapeMetrics(metricsUrl)).value('test_visits_total')).toBe(1);
      expect((await send(`${url}/metrics`)).status).toBe(404);
    });

    it.each([
      ['GET /metrics?x=1 (a query is fine)', 'GET', '/metrics?x=1', 200, undefined],
      ['HEAD /metrics', 'HEAD', '/metrics', 200, undefined],
      ['another path', 'GET', '/visit', 404, undefined],
      ['the root', 'GET', '/', 404, undefined],
      ['POST /metrics', 'POST', '/metrics', 405, 'GET, HEAD'],
    ])('%s -> %i', async (_what, method, path, status, allow) => {
      const res = await send(`${metricsUrl}${path}`, { method });
      expect(res.status).toBe(status);
      expect(res.headers['allow']).toBe(allow);
    });
  });
});

describe('MetricsServer lifecycle', () => {
  it('listens on app start-up and stops listening on app.close()', async () => {
    const app = await NestFactory.create(appModule(createMetricsRegistry('lifecycle'), 0), new FastifyAdapter(), {
      logger: false,
    });
    await app.init();
    const port = app.get(MetricsServer).port;
    expect((await send(`http://127.0.0.1:${port}/metrics`)).status).toBe(200);
    await app.close();
    await expect(send(`http://127.0.0.1:${port}/metrics`)).rejects.toThrow(/ECONNREFUSED/);
  });

  it('a METRICS_PORT already in use stops start-up with an error naming METRICS_PORT', async () => {
    const squatter = createServer();
    await new Promise<void>((resolve) => squatter.listen(0, resolve));
    const taken = (squatter.address() as AddressInfo).port;
    const app = await NestFactory.create(appModule(createMetricsRegistry('clash'), taken), new ExpressAdapter(), {
      logger: false,
      abortOnError: false,
    });
    try {
      await expect(app.init()).rejects.toThrow(
        `Invalid configuration METRICS_PORT: cannot listen on port ${taken}: EADDRINUSE`,
      );
    } finally {
      await app.close();
      await new Promise((resolve) => squatter.close(resolve));
    }
  });
});

describe('createMetricsRegistry', () => {
  it('gives every app its own registry: two apps in one process count apart', async () => {
    const a = await start(new FastifyAdapter(), createMetricsRegistry('a'));
    const b = await start(new ExpressAdapter(), createMetricsRegistry('b'));
    try {
      await send(`${a.url}/visit`);
      await send(`${a.url}/visit`);
      await send(`${b.url}/visit`);
      const [ma, mb] = [await scrapeMetrics(a.url), await scrapeMetrics(b.url)];
      expect([ma.value('test_visits_total'), ma.value('test_visits_total', { app: 'a' })]).toEqual([2, 2]);
      expect([mb.value('test_visits_total'), mb.value('test_visits_total', { app: 'b' })]).toEqual([1, 1]);
    } finally {
      await a.app.close();
      await b.app.close();
    }
  });
});
