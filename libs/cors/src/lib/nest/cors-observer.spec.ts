import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { CORS_TEST_ALLOWED_ORIGIN as A, CORS_TEST_OTHER_ORIGIN as O, corsTestHostModule, sendRaw } from '../../testing';
import type { CorsObserver, CorsRefusal } from './cors-observer';

type Seen = { preflights: [string, boolean][]; refusals: CorsRefusal[] };

// Every decision the engine makes reaches the observer exactly once, with the
// policy that made it and the reason a browser would give.
describe('CorsModule observer', () => {
  let app: INestApplication;
  let url: string;
  const seen: Seen = { preflights: [], refusals: [] };
  const observer: CorsObserver = {
    preflight: (policy, allowed) => seen.preflights.push([policy, allowed]),
    refused: (refusal) => seen.refusals.push(refusal),
  };

  beforeAll(async () => {
    const quiet = { warn: () => undefined, error: () => undefined };
    app = await NestFactory.create(corsTestHostModule({ logger: quiet, observer }), new FastifyAdapter(), { logger: false });
    await app.listen(0, '127.0.0.1');
    url = await app.getUrl();
  });
  afterAll(() => app.close());
  beforeEach(() => {
    seen.preflights = [];
    seen.refusals = [];
  });

  const preflight = (origin: string, method: string, extra: Record<string, string> = {}) => ({ origin, 'access-control-request-method': method, ...extra });

  it.each<[string, string, string, Record<string, string>, Seen]>([
    ['allowed preflight', 'OPTIONS', '/cors-test/strict', preflight(A, 'POST'), { preflights: [['StrictMvc', true]], refusals: [] }],
    ['preflight from another origin', 'OPTIONS', '/cors-test/strict', preflight(O, 'POST'),
      { preflights: [['StrictMvc', false]], refusals: [{ policy: 'StrictMvc', reason: 'origin-not-allowed', origin: O, preflight: true }] }],
    ['preflight for a method the policy lacks', 'OPTIONS', '/cors-test/strict', preflight(A, 'PUT'),
      { preflights: [['StrictMvc', false]], refusals: [{ policy: 'StrictMvc', reason: 'method-not-allowed', origin: A, preflight: true }] }],
    ['preflight for a header the policy lacks', 'OPTIONS', '/cors-test/strict', preflight(A, 'POST', { 'access-control-request-headers': 'x-debug' }),
      { preflights: [['StrictMvc', false]], refusals: [{ policy: 'StrictMvc', reason: 'header-not-allowed', origin: A, preflight: true }] }],
    ['private network not allowed', 'OPTIONS', '/cors-test/strict', preflight(A, 'GET', { 'access-control-request-private-network': 'true' }),
      { preflights: [['StrictMvc', false]], refusals: [{ policy: 'StrictMvc', reason: 'private-network-not-allowed', origin: A, preflight: true }] }],
    ['actual request from another origin', 'GET', '/cors-test/strict', { origin: O },
      { preflights: [], refusals: [{ policy: 'StrictMvc', reason: 'origin-not-allowed', origin: O, preflight: false }] }],
    ['cookies to a policy without credentials', 'GET', '/cors-test/strict', { origin: A, cookie: 'sid=1' },
      { preflights: [], refusals: [{ policy: 'StrictMvc', reason: 'credentials-not-allowed', origin: A, preflight: false }] }],
    ['cookies to a policy with credentials', 'GET', '/cors-test/guarded', { origin: A, cookie: 'sid=1' }, { preflights: [], refusals: [] }],
    ['allowed actual request', 'GET', '/cors-test/strict', { origin: A }, { preflights: [], refusals: [] }],
    ['not a CORS request', 'GET', '/cors-test/strict', {}, { preflights: [], refusals: [] }],
    ['CORS disabled on the endpoint', 'GET', '/cors-test/disabled', { origin: O }, { preflights: [], refusals: [] }],
  ])('%s', async (_name, method, path, headers, expected) => {
    await sendRaw(url, method, path, headers);
    expect(seen).toEqual(expected);
  });
});
