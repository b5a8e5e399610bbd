import { ensureDevCertificates } from '@corsway/dev-certs';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { request } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startWebTestServer, type WebTestServer } from './test/web-test-server';

/** GET over TLS trusting only `ca`; resolves status, headers and body. */
function getTls(url: string, ca: Buffer): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    request(url, { ca, servername: 'localhost' }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c)).on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    })
      .on('error', reject)
      .end();
  });
}

describe('web app over HTTPS (libs/dev-certs)', () => {
  let dir: string;
  let ca: Buffer;
  let https: { key: string; cert: string };
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'web-https-'));
    const certs = await ensureDevCertificates(join(dir, 'certs'));
    ca = readFileSync(certs.caCertFile);
    https = { key: readFileSync(certs.keyFile, 'utf8'), cert: readFileSync(certs.certFile, 'utf8') };
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each<[string, Record<string, string>, string]>([
    ['development: one hour, no subdomains (HSTS binds every port of localhost)', {}, 'max-age=3600'],
    ['production: a year, with subdomains', { NODE_ENV: 'production' }, 'max-age=31536000; includeSubDomains'],
  ])('serves pages on a certificate chained to the development CA and sends HSTS, %s', async (_case, env, hsts) => {
    const server = await startWebTestServer({ https, env: { GATEWAY_BASE_URL: 'https://localhost:7204', ...env } });
    try {
      expect(server.url).toMatch(/^https:\/\//);
      const res = await getTls(`${server.url}/Account/Login`, ca);
      expect(res.status).toBe(200);
      expect(res.body).toContain('id="login-form"');
      expect(res.headers['strict-transport-security']).toBe(hsts);
    } finally {
      await server.close();
    }
  });

  it('sends no HSTS over plain HTTP (RFC 6797 §7.2)', async () => {
    const server = await startWebTestServer({ env: { NODE_ENV: 'production' } });
    try {
      const res = await fetch(`${server.url}/Account/Login`);
      expect(res.headers.get('strict-transport-security')).toBeNull();
    } finally {
      await server.close();
    }
  });
});

describe('GET /Diagnostics/Gateway (server-side, through HttpService)', () => {
  let gateway: Server;
  let web: WebTestServer | undefined;
  const seen: string[] = [];
  beforeAll(async () => {
    gateway = createServer((req, res) => {
      seen.push(req.url ?? '');
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"Success":true}');
    });
    await new Promise<void>((resolve) => gateway.listen(0, '127.0.0.1', resolve));
  });
  afterAll(() => new Promise((resolve) => gateway.close(resolve)));
  afterEach(() => web?.close());

  it('reports the gateway reachable with its status, calling its /health at the origin of GATEWAY_BASE_URL', async () => {
    const { port } = gateway.address() as AddressInfo;
    web = await startWebTestServer({ env: { GATEWAY_BASE_URL: `http://127.0.0.1:${port}/api` } });
    const body = await (await fetch(`${web.url}/Diagnostics/Gateway`)).json();
    expect(body).toEqual({ url: `http://127.0.0.1:${port}/health`, reachable: true, status: 200, error: null });
    expect(seen).toContain('/health');
  });

  it('reports a stopped gateway unreachable, with the socket error', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise((resolve) => closed.close(resolve));
    web = await startWebTestServer({ env: { GATEWAY_BASE_URL: `http://127.0.0.1:${port}` } });
    const body = await (await fetch(`${web.url}/Diagnostics/Gateway`)).json();
    expect(body).toMatchObject({ reachable: false, status: null, error: expect.stringContaining('ECONNREFUSED') });
  });
});
