import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createNetServer, type AddressInfo } from 'node:net';
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

describe('probeCors against hostile servers', () => {
  const servers: Server[] = [];
  afterAll(() => servers.forEach((s) => s.close()));
  async function serve(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<string> {
    const s = createServer(handler);
    servers.push(s);
    await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(s.address() as AddressInfo).port}/x`;
  }

  it('gives up on a server that never answers, after timeoutMs', async () => {
    const url = await serve(() => undefined);
    const started = Date.now();
    const r = await probeCors({ url, origin: WEB, timeoutMs: 300 });
    expect(r.explanation).toContain('could not be reached');
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('judges the head of a response whose body breaks off (as a browser does), without crashing', async () => {
    const url = await serve((_req, res) => {
      res.writeHead(200, { 'access-control-allow-origin': WEB, 'content-length': '100' });
      res.write('partial');
      setTimeout(() => res.socket?.destroy(), 20);
    });
    const r = await probeCors({ url, origin: WEB });
    expect(r.allowed).toBe(true);
  });

  it('sends the method as written (Node would uppercase it, and a Node server refuses it)', async () => {
    const lines: string[] = [];
    const raw = createNetServer((socket) => socket.once('data', (chunk: Buffer) => {
      lines.push(chunk.toString('latin1').split('\r\n')[0]);
      socket.end(`HTTP/1.1 204 No Content\r\naccess-control-allow-origin: ${WEB}\r\naccess-control-allow-methods: patch\r\nconnection: close\r\n\r\n`);
    }));
    await new Promise<void>((resolve) => raw.listen(0, '127.0.0.1', resolve));
    const r = await probeCors({ url: `http://127.0.0.1:${(raw.address() as AddressInfo).port}/x`, origin: WEB, method: 'patch', sendUnsafe: true });
    raw.close();
    expect(lines).toEqual(['OPTIONS /x HTTP/1.1', 'patch /x HTTP/1.1']);
    expect(r.allowed).toBe(true);
  });

  it('frames a DELETE body with its length', async () => {
    const seen: string[] = [];
    const url = await serve((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        seen.push(`${req.method} ${req.headers['content-length']} ${body}`);
        res.writeHead(req.method === 'OPTIONS' ? 204 : 200, { 'access-control-allow-origin': WEB, 'access-control-allow-methods': 'DELETE' }).end();
      });
    });
    await probeCors({ url, origin: WEB, method: 'delete', body: '{"a":1}', sendUnsafe: true });
    expect(seen).toEqual(['OPTIONS undefined ', 'DELETE 7 {"a":1}']);
  });
});
