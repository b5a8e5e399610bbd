import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pinoHttp } from 'pino-http';
import { webPinoHttpOptions } from './web-log.options';

// The web app's request log line, through a real pino-http and a real HTTP exchange.
describe('web app request logs', () => {
  let server: Server;
  let url: string;
  const lines: Record<string, unknown>[] = [];

  beforeAll(async () => {
    const log = pinoHttp(
      { ...webPinoHttpOptions('info') },
      { write: (line: string) => void lines.push(JSON.parse(line)) },
    );
    server = createServer((req, res) => {
      log(req, res);
      res.setHeader('Set-Cookie', 'refresh_token=secret-set-cookie; HttpOnly');
      res.end('ok');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('redacts cookie, authorization and set-cookie, and keeps the request id', async () => {
    await fetch(`${url}/Home`, {
      headers: { cookie: 'refresh_token=secret-cookie', authorization: 'Bearer secret-token', 'x-request-id': 'req-1' },
    });
    await new Promise((r) => setTimeout(r, 50));
    const text = JSON.stringify(lines);
    expect(text).not.toContain('secret-');
    const line = lines.find((l) => (l['req'] as { id?: string } | undefined)?.id === 'req-1') as {
      req: { headers: Record<string, string> };
      res: { headers: Record<string, string> };
    };
    expect(line.req.headers['cookie']).toBe('[redacted]');
    expect(line.req.headers['authorization']).toBe('[redacted]');
    expect(line.res.headers['set-cookie']).toBe('[redacted]');
  });
});
