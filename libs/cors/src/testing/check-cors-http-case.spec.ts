import { createServer, type Server } from 'node:http';
import { checkCorsHttpCase, sendRaw } from './check-cors-http-case';

// The runner must report every kind of mismatch, or a broken host would pass the table.
describe('checkCorsHttpCase', () => {
  let server: Server;
  let url: string;
  beforeAll(async () => {
    server = createServer((req, res) => {
      res.setHeader('Access-Control-Allow-Origin', 'https://wrong.test');
      res.setHeader('Access-Control-Max-Age', '5');
      if (req.url === '/vary') res.setHeader('Vary', 'Accept');
      res.statusCode = 418;
      res.end('teapot');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  });
  afterAll(() => server.close());

  it('passes when everything matches', async () => {
    expect(await checkCorsHttpCase(url, { name: 'ok', request: { method: 'GET', path: '/vary' },
      expect: { status: 418, headers: { 'access-control-max-age': '5', 'x-none': null }, varyIncludes: ['ACCEPT'] } })).toEqual([]);
  });

  it('reports status, header, Access-Control-* and Vary mismatches', async () => {
    expect(await checkCorsHttpCase(url, {
      name: 'all wrong',
      request: { method: 'GET', path: '/' },
      expect: {
        status: 200,
        headers: { 'access-control-allow-origin': 'https://right.test', 'access-control-max-age': null, 'x-missing': 'v' },
        noAccessControl: true,
        varyIncludes: ['Origin'],
      },
    })).toEqual([
      'status 418, expected 200',
      'access-control-allow-origin: "https://wrong.test", expected "https://right.test"',
      'access-control-max-age: "5", expected absent',
      'x-missing: undefined, expected "v"',
      'expected no Access-Control-* headers, got access-control-allow-origin, access-control-max-age',
      'Vary "" lacks Origin',
    ]);
  });

  it('sendRaw returns the body and rejects on connection errors', async () => {
    expect((await sendRaw(url, 'GET', '/')).body).toBe('teapot');
    await expect(sendRaw('http://127.0.0.1:1', 'GET', '/')).rejects.toThrow();
  });
});
