import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ExpressAdapter } from '@nestjs/platform-express';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { CORS_HTTP_CASES, checkCorsHttpCase, corsTestHostModule } from '../../testing';

// The shared case table (libs/cors/src/testing) over both Nest adapters, with
// preflights answered by the adapter hook and by the server's own listener
// (`earlyPreflight`); the gateway runs the same table over its config routes.
describe.each([
  ['Express', () => new ExpressAdapter(), false],
  ['Fastify', () => new FastifyAdapter(), false],
  ['Express, earlyPreflight', () => new ExpressAdapter(), true],
  ['Fastify, earlyPreflight', () => new FastifyAdapter(), true],
])('CORS HTTP cases on Nest %s', (_name, adapter, earlyPreflight) => {
  let app: INestApplication;
  let baseUrl: string;

  beforeAll(async () => {
    app = await NestFactory.create(corsTestHostModule({ logger: { warn: () => undefined, error: () => undefined }, earlyPreflight }), adapter(), { logger: false });
    await app.listen(0, '127.0.0.1');
    baseUrl = await app.getUrl();
  });
  afterAll(() => app.close());

  it.each(CORS_HTTP_CASES.map((c) => [c.name, c] as const))('%s', async (_n, c) => {
    expect(await checkCorsHttpCase(baseUrl, c)).toEqual([]);
  });
});
