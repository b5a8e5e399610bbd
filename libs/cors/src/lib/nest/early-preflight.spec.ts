import { Controller, Get, type INestApplication, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ExpressAdapter } from '@nestjs/platform-express';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { createServer } from 'node:http';
import { CORS_TEST_ALLOWED_ORIGIN as A, corsTestHostModule, sendRaw } from '../../testing';
import { CorsModule } from './cors.module';
import { installEarlyPreflight } from './early-preflight.listener';
import { policiesFromConfig } from '../policy/policies-from-config';
import type { CorsEngine } from './cors-engine';

const quiet = { warn: () => undefined, error: () => undefined };
const preflight = (method: string, extra: Record<string, string> = {}) => ({ origin: A, 'access-control-request-method': method, ...extra });

// The case table covers the decisions (cors-http-cases.spec.ts runs it with
// earlyPreflight on); these are what only the early path does.
describe.each([
  ['Express', () => new ExpressAdapter()],
  ['Fastify', () => new FastifyAdapter()],
])('earlyPreflight on Nest %s', (_name, adapter) => {
  let app: INestApplication;
  let url: string;
  let hookRuns = 0;

  beforeAll(async () => {
    app = await NestFactory.create(
      corsTestHostModule({ logger: quiet, strictPreflight: true, earlyPreflight: { headers: () => ({ 'X-Trace': 'early' }) } }),
      adapter(),
      { logger: false },
    );
    // A framework-level hook: it must not see preflights the server listener answered.
    app.use((_req: unknown, _res: unknown, next: () => void) => {
      hookRuns++;
      next();
    });
    await app.listen(0, '127.0.0.1');
    url = await app.getUrl();
  });
  afterAll(() => app.close());

  it('answers an allowed preflight before the framework: 204, extra headers, Vary, no Content-Length (RFC 9110 §8.6)', async () => {
    const before = hookRuns;
    const res = await sendRaw(url, 'OPTIONS', '/cors-test/strict', preflight('POST', { 'access-control-request-headers': 'content-type' }));
    expect(res.status).toBe(204);
    expect(res.headers['x-trace']).toBe('early');
    expect(res.headers['access-control-allow-origin']).toBe(A);
    expect(res.headers['access-control-allow-methods']).toBe('GET, POST');
    expect(res.headers['vary']).toBe('Origin');
    expect(res.headers['content-length']).toBeUndefined();
    expect(res.body).toBe('');
    expect(hookRuns).toBe(before);
  });

  it('answers a refused preflight in strict mode with 403 and the reason as text', async () => {
    const res = await sendRaw(url, 'OPTIONS', '/cors-test/strict', preflight('PUT'));
    expect(res.status).toBe(403);
    expect(res.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(Number(res.headers['content-length'])).toBe(Buffer.byteLength(res.body));
    expect(res.body).toMatch(/^CORS preflight refused: /);
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('hands everything else to the framework unchanged: actual requests, bare OPTIONS, CORS-disabled endpoints', async () => {
    const before = hookRuns;
    expect((await sendRaw(url, 'GET', '/cors-test/strict', { origin: A })).status).toBe(200);
    expect((await sendRaw(url, 'OPTIONS', '/cors-test/strict', { origin: A })).status).toBe(404);
    const disabled = await sendRaw(url, 'OPTIONS', '/cors-test/disabled', preflight('GET'));
    expect(disabled.status).toBe(404);
    expect(disabled.headers['x-trace']).toBeUndefined();
    expect(hookRuns).toBe(before + 3);
  });
});

describe('installEarlyPreflight', () => {
  const throwing = { decide: () => { throw new Error('resolver bug'); } } as unknown as CorsEngine;

  it('lets the framework answer when the policy lookup throws (its error handling applies, not a crash)', async () => {
    const server = createServer((_req, res) => {
      res.statusCode = 500;
      res.end('framework');
    });
    installEarlyPreflight(server, throwing);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as { port: number };
    const res = await sendRaw(`http://127.0.0.1:${port}`, 'OPTIONS', '/x', preflight('GET'));
    expect([res.status, res.body]).toEqual([500, 'framework']);
    await new Promise((r) => server.close(r));
  });

  it('refuses a server with no request listener to stand in front of', () => {
    expect(() => installEarlyPreflight(createServer(), throwing)).toThrow(/no request listener/);
  });

  it('runs every framework listener when there are several', async () => {
    const server = createServer();
    const seen: string[] = [];
    server.on('request', () => seen.push('first'));
    server.on('request', (_req, res) => {
      seen.push('second');
      res.end();
    });
    installEarlyPreflight(server, throwing);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as { port: number };
    await sendRaw(`http://127.0.0.1:${port}`, 'GET', '/');
    expect(seen).toEqual(['first', 'second']);
    await new Promise((r) => server.close(r));
  });

  it('installs once per server even when init runs again (earlyPreflight: true)', async () => {
    @Controller()
    class Ping {
      @Get('ping') ping() {
        return 'pong';
      }
    }
    @Module({ imports: [CorsModule.forRoot({ policies: policiesFromConfig({ defaultPolicy: 'Any', policies: { Any: { origins: ['*'] } } }), earlyPreflight: true, logger: quiet })], controllers: [Ping] })
    class M {}
    const app = await NestFactory.create(M, new FastifyAdapter(), { logger: false });
    await app.init();
    await app.init();
    const server = app.getHttpServer();
    // One listener: ours, with Fastify's behind it.
    expect(server.listeners('request').map((l: { name: string }) => l.name)).toEqual(['corswayEarlyPreflight']);
    await app.listen(0, '127.0.0.1');
    const res = await sendRaw(await app.getUrl(), 'OPTIONS', '/ping', preflight('GET'));
    expect([res.status, res.headers['access-control-allow-origin']]).toEqual([204, '*']);
    await app.close();
  });
});
