import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { createServer, type Server } from 'node:http';
import { CORS_TEST_ALLOWED_ORIGIN as A, CORS_TEST_OTHER_ORIGIN as O, corsTestHostModule, sendRaw } from '../../testing';
import { applyCorsDecision } from '../evaluate/apply-cors-decision';
import { CorsService } from './cors.service';

// A handler on Node's own request/response (a proxy listener) asking the
// module's CorsService, with the case table's endpoints and policies.
describe('CorsService on Node request/response', () => {
  let app: INestApplication;
  let cors: CorsService;
  let server: Server;
  let url: string;

  beforeAll(async () => {
    app = await NestFactory.create(corsTestHostModule({ logger: { warn: () => undefined, error: () => undefined } }), new FastifyAdapter(), { logger: false });
    await app.init();
    cors = app.get(CorsService);
    server = createServer((req, res) => {
      if (req.headers['x-mode'] === 'parts') {
        const d = cors.evaluate(req);
        if (d !== null && d.kind === 'preflight') return cors.writePreflight(d, res, ['x-request-id', 'r1']);
        res.writeHead(200, ['x-request-id', 'r1', ...(d === null ? [] : cors.headerList(d))]);
        return res.end('parts');
      }
      if (cors.handle(req, res)) return;
      res.end('served');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  });
  afterAll(async () => {
    await new Promise((r) => server.close(r));
    await app.close();
  });

  it.each([['handle'], ['parts']])('%s: a preflight is answered with the endpoint policy', async (mode) => {
    const res = await sendRaw(url, 'OPTIONS', '/cors-test/split', { 'x-mode': mode, origin: A, 'access-control-request-method': 'DELETE' });
    expect(res.status).toBe(204);
    expect(res.headers['access-control-allow-origin']).toBe(A);
    expect(res.headers['access-control-allow-credentials']).toBe('true'); // DELETE → MixedPolicy
    expect(res.headers['vary']).toBe('Origin');
    expect(res.body).toBe('');
  });

  it.each([['handle', 'served'], ['parts', 'parts']])('%s: an actual request gets its headers and goes on', async (mode, body) => {
    const res = await sendRaw(url, 'POST', '/cors-test/mixed', { 'x-mode': mode, origin: A });
    expect([res.status, res.body]).toEqual([200, body]);
    expect(res.headers['access-control-allow-origin']).toBe(A);
    expect(res.headers['access-control-expose-headers']).toBe('X-Request-Id');
    expect(res.headers['vary']).toBe('Origin');
  });

  it.each([['handle'], ['parts']])('%s: a refused origin and a CORS-disabled endpoint get no CORS headers', async (mode) => {
    const refused = await sendRaw(url, 'GET', '/cors-test/strict', { 'x-mode': mode, origin: O });
    expect(refused.headers['access-control-allow-origin']).toBeUndefined();
    expect(refused.headers['vary']).toBe('Origin');
    const disabled = await sendRaw(url, 'GET', '/cors-test/disabled', { 'x-mode': mode, origin: A });
    expect(Object.keys(disabled.headers).filter((h) => h.startsWith('access-control-') || h === 'vary')).toEqual([]);
  });

  it.each([
    ['a policy name', 'MixedPolicy', 'true'],
    ['null: the default policy', null, undefined],
  ] as const)('evaluate with %s ignores the endpoint table', (_name, policy, credentials) => {
    const d = cors.evaluate({ method: 'GET', url: '/cors-test/strict', headers: { origin: A } }, policy);
    expect(d).not.toBeNull();
    expect(new Map(d!.headers).get('Access-Control-Allow-Credentials')).toBe(credentials);
  });

  it('evaluate with false (CORS off on the endpoint) decides nothing', () => {
    expect(cors.evaluate({ method: 'GET', url: '/cors-test/strict', headers: { origin: A } }, false)).toBeNull();
  });

  it.each([
    ['marked decided: the adapter hook leaves it alone (one policy, decided once)', true, '*', undefined],
    ['not marked: the hook decides again and overwrites it with the endpoint\'s policy', false, A, 'Origin'],
  ])('a host in front of Nest on the same server decides and hands over, %s', async (_name, mark, allowOrigin, vary) => {
    // The gateway's arrangement: the host is the server's request listener, Nest's listener behind it.
    const hosted = await NestFactory.create(corsTestHostModule({ logger: { warn: () => undefined, error: () => undefined } }), new FastifyAdapter(), { logger: false });
    const server = hosted.getHttpServer() as Server;
    const nest = server.listeners('request')[0] as (this: Server, req: unknown, res: unknown) => void;
    server.removeAllListeners('request');
    const hostCors = hosted.get(CorsService);
    server.on('request', (req, res) => {
      const d = hostCors.evaluate(req, 'AllowAll'); // the host's choice, not the endpoint's StrictMvc
      if (d !== null) applyCorsDecision(d, res);
      if (mark) hostCors.markDecided(req);
      nest.call(server, req, res);
    });
    await hosted.listen(0, '127.0.0.1');
    try {
      const res = await sendRaw(`http://127.0.0.1:${(server.address() as { port: number }).port}`, 'GET', '/cors-test/strict', { origin: A });
      expect(res.status).toBe(200);
      expect(res.headers['access-control-allow-origin']).toBe(allowOrigin);
      expect(res.headers['vary']).toBe(vary);
    } finally {
      await hosted.close();
    }
  });

  it('headerList is built once per shared decision', () => {
    const req = { method: 'GET', url: '/cors-test/strict', headers: { origin: A } } as never;
    const d = cors.evaluate(req);
    expect(d).not.toBeNull();
    expect(cors.headerList(d!)).toBe(cors.headerList(cors.evaluate(req)!));
  });
});
