import { Body, Controller, Get, HttpCode, Module, Post, Put, Res, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { createServer, type Server } from 'node:http';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../../testing';
import { CorsPolicyBuilder } from '../policy/cors-policy.builder';
import { EnableCors } from './cors.decorators';
import { CorsModule } from './cors.module';

// A real Chromium, a page on an allowed origin and one on a
// disallowed origin, simple and preflighted requests, credentials and custom
// headers; what the browser lets the page read must match the policy.
jest.setTimeout(120_000);

const hits = { put: 0 };

@Controller()
class MatrixController {
  @EnableCors('Strict') @Get('simple') simple() { return { ok: 'simple' }; }
  @EnableCors('Strict') @Put('preflighted') put(@Body() body: unknown) { hits.put++; return { ok: 'put', body }; }
  @EnableCors('Strict') @Get('custom') custom() { return { ok: 'custom' }; }
  @EnableCors('Credentialed') @Post('login') @HttpCode(200)
  login(@Res({ passthrough: true }) reply: { header(n: string, v: string): unknown }) {
    reply.header('Set-Cookie', 'session=s1; Path=/; HttpOnly; SameSite=Lax');
    reply.header('X-Request-Id', 'r-1');
    return { ok: 'login' };
  }
}

function pageServer(): Promise<Server> {
  const server = createServer((_req, res) => {
    res.setHeader('Content-Type', 'text/html');
    res.end('<!doctype html><title>page</title><p>CORS matrix page</p>');
  });
  return new Promise((r) => server.listen(0, '127.0.0.1', () => r(server)));
}
const portOf = (s: Server) => (s.address() as { port: number }).port;

type Outcome = { ok: true; status: number; body: string; requestId: string | null } | { ok: false; error: string };

describe('Chromium CORS matrix', () => {
  let browser: Browser;
  let api: INestApplication;
  let apiUrl: string;
  let allowedServer: Server;
  let otherServer: Server;
  let allowedOrigin: string;
  let otherOrigin: string;

  beforeAll(async () => {
    [allowedServer, otherServer] = await Promise.all([pageServer(), pageServer()]);
    // localhost vs 127.0.0.1: different origins (and sites), both loopback (no Private Network Access preflight).
    allowedOrigin = `http://localhost:${portOf(allowedServer)}`;
    otherOrigin = `http://127.0.0.1:${portOf(otherServer)}`;
    @Module({
      imports: [CorsModule.forRoot({
        policies: {
          Strict: new CorsPolicyBuilder('Strict').withOrigins(allowedOrigin).withMethods('GET', 'POST', 'PUT')
            .withHeaders('Content-Type', 'X-Custom').build(),
          Credentialed: new CorsPolicyBuilder('Credentialed').withOrigins(allowedOrigin).allowAnyHeader().allowAnyMethod()
            .allowCredentials().withExposedHeaders('X-Request-Id').build(),
        },
        logger: { warn: () => undefined, error: () => undefined },
      })],
      controllers: [MatrixController],
    })
    class MatrixModule {}
    api = await NestFactory.create(MatrixModule, new FastifyAdapter(), { logger: false });
    await api.listen(0, '127.0.0.1');
    // Same site as the allowed page (localhost, another port): cross-origin, and cookies can be stored.
    apiUrl = `http://localhost:${new URL(await api.getUrl()).port}`;
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await api?.close();
    allowedServer?.close();
    otherServer?.close();
  });

  async function fetchFrom(page: Page, path: string, init: Record<string, unknown>): Promise<Outcome> {
    return page.evaluate(async ({ url, init }) => {
      try {
        const r = await fetch(url, init as RequestInit);
        return { ok: true as const, status: r.status, body: await r.text(), requestId: r.headers.get('x-request-id') };
      } catch (e) {
        return { ok: false as const, error: String(e) };
      }
    }, { url: `${apiUrl}${path}`, init });
  }

  const requests: [string, string, Record<string, unknown>][] = [
    ['simple GET', '/simple', {}],
    ['preflighted PUT with JSON', '/preflighted', { method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: '{"a":1}' }],
    ['allowed custom header', '/custom', { headers: { 'X-Custom': '1' } }],
    ['refused custom header', '/custom', { headers: { 'X-Api-Key': 'k' } }],
    ['credentialed POST', '/login', { method: 'POST', credentials: 'include', headers: { 'Content-Type': 'application/json' }, body: '{}' }],
  ];
  const allowedExpect = [true, true, true, false, true];

  it.each(requests.map((r, i) => [r[0], i] as const))('page on the allowed origin: %s', async (_n, i) => {
    const page = await browser.newPage();
    try {
      await page.goto(allowedOrigin);
      const [, path, init] = requests[i];
      const outcome = await fetchFrom(page, path, init);
      expect(outcome.ok).toBe(allowedExpect[i]);
      if (outcome.ok) expect(outcome.status).toBe(200);
      if (path === '/login' && outcome.ok) expect(outcome.requestId).toBe('r-1'); // exposed header is readable
    } finally {
      await page.close();
    }
  });

  it.each(requests.map((r, i) => [r[0], i] as const))('page on a disallowed origin: %s is blocked', async (_n, i) => {
    const page = await browser.newPage();
    try {
      await page.goto(otherOrigin);
      const before = hits.put;
      const [, path, init] = requests[i];
      const outcome = await fetchFrom(page, path, init);
      expect(outcome).toEqual({ ok: false, error: 'TypeError: Failed to fetch' });
      // A refused preflight means the PUT never reaches the endpoint.
      expect(hits.put).toBe(before);
    } finally {
      await page.close();
    }
  });

  it('the credentialed response sets a cookie the browser sends back cross-origin', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    try {
      await page.goto(allowedOrigin);
      expect(await fetchFrom(page, '/login', requests[4][2])).toMatchObject({ ok: true, status: 200 });
      const cookies = await context.cookies(apiUrl);
      expect(cookies.map((c) => c.name)).toContain('session');
    } finally {
      await context.close();
    }
  });
});
