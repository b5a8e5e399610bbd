import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { CORS_TEST_ALLOWED_ORIGIN as WEB, CORS_TEST_OTHER_ORIGIN as OTHER, corsTestHostModule } from '../../testing';
import { probeCors } from './probe-cors';

describe('probeCors against a live host', () => {
  let app: INestApplication;
  let base: string;
  beforeAll(async () => {
    app = await NestFactory.create(corsTestHostModule({ logger: { warn: () => undefined, error: () => undefined } }), new FastifyAdapter(), { logger: false });
    await app.listen(0, '127.0.0.1');
    base = await app.getUrl();
  });
  afterAll(() => app.close());

  it.each([
    ['simple GET, listed origin', { url: '/cors-test/strict', origin: WEB }, true, ['actual'], 'allowed: no preflight needed'],
    ['simple GET, other origin', { url: '/cors-test/strict', origin: OTHER }, false, ['actual'], 'no Access-Control-Allow-Origin'],
    ['custom header refused at preflight', { url: '/cors-test/strict', origin: WEB, method: 'POST', headers: { 'X-Api-Key': 'k' } }, false, ['preflight'],
      'blocked: request header X-Api-Key is not in Access-Control-Allow-Headers'],
    ['credentialed JSON POST', { url: '/cors-test/mixed', origin: WEB, method: 'POST', headers: { 'Content-Type': 'application/json' }, credentials: true,
      body: '{"a":1}' }, true, ['preflight', 'actual'], 'the POST response (status 200) grants http://localhost:7152 with credentials'],
    ['unreachable', { url: 'http://127.0.0.1:1/x', origin: WEB, timeoutMs: 2000 }, false, ['actual'], 'could not be reached'],
  ])('%s', async (_n, req, allowed, kinds, text) => {
    const result = await probeCors({ ...req, url: new URL(req.url, base).href });
    expect(result.allowed).toBe(allowed);
    expect(result.steps.map((s) => s.kind)).toEqual(kinds);
    expect(result.explanation).toContain(text);
  });
});
