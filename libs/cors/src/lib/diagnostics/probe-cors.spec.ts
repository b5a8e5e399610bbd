import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { CORS_TEST_ALLOWED_ORIGIN as WEB, CORS_TEST_OTHER_ORIGIN as OTHER, corsTestHostModule } from '../../testing';
import { probeCors } from './probe-cors';

describe('probeCors against a live host', () => {
  let app: INestApplication;
  let base: string;
  const seen: string[] = [];
  beforeAll(async () => {
    app = await NestFactory.create(corsTestHostModule({ logger: { warn: () => undefined, error: () => undefined } }), new FastifyAdapter(), { logger: false });
    app.use((req: { method: string; url: string }, _res: unknown, next: () => void) => {
      seen.push(`${req.method} ${req.url}`);
      next();
    });
    await app.listen(0, '127.0.0.1');
    base = await app.getUrl();
  });
  afterAll(() => app.close());
  beforeEach(() => seen.splice(0));

  it.each([
    ['simple GET, listed origin', { url: '/cors-test/strict', origin: WEB }, true, ['actual'], 'allowed: no preflight needed', ['GET /cors-test/strict']],
    ['simple GET, other origin', { url: '/cors-test/strict', origin: OTHER }, false, ['actual'], "No 'Access-Control-Allow-Origin' header", ['GET /cors-test/strict']],
    ['custom header refused at preflight', { url: '/cors-test/strict', origin: WEB, method: 'POST', headers: { 'X-Api-Key': 'k' } }, false, ['preflight'],
      'blocked: Request header field x-api-key is not allowed by Access-Control-Allow-Headers', ['OPTIONS /cors-test/strict']],
    ['a POST is not sent without sendUnsafe', { url: '/cors-test/mixed', origin: WEB, method: 'POST', headers: { 'Content-Type': 'application/json' }, credentials: true },
      false, ['preflight', 'actual'], 'unknown: the preflight passes', ['OPTIONS /cors-test/mixed']],
    ['credentialed JSON POST with sendUnsafe', { url: '/cors-test/mixed', origin: WEB, method: 'POST', headers: { 'Content-Type': 'application/json' }, credentials: true,
      body: '{"a":1}', sendUnsafe: true }, true, ['preflight', 'actual'], 'the POST response (status 200) grants http://localhost:7152 with credentials',
      ['OPTIONS /cors-test/mixed', 'POST /cors-test/mixed']],
    ['a forbidden method sends nothing', { url: '/cors-test/strict', origin: WEB, method: 'TRACE' }, false, [], 'fetch throws a TypeError', []],
    ['unreachable', { url: 'http://127.0.0.1:1/x', origin: WEB, timeoutMs: 2000 }, false, ['actual'], 'could not be reached', []],
  ])('%s', async (_n, req, allowed, kinds, text, requests) => {
    const result = await probeCors({ ...req, url: new URL(req.url, base).href });
    expect(result.allowed).toBe(allowed);
    expect(result.steps.map((s) => s.kind)).toEqual(kinds);
    expect(result.explanation).toContain(text);
    // What reached the server: a preflight never gets to Nest middleware (answered first), so only actual requests are seen here.
    expect(seen).toEqual(requests.filter((r) => !r.startsWith('OPTIONS')));
  });
});
