import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { eventually } from './eventually';
import { send } from './http-send';
import { RawClient } from './raw-client';

describe('test clients', () => {
  let server: Server;
  let url: string;
  beforeAll(async () => {
    server = createServer((req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'x-seen-origin': String(req.headers.origin) });
      res.end(JSON.stringify({ url: req.url }));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise((r) => server.close(r)));

  it('eventually resolves with the first truthy value, and names what it waited for on timeout', async () => {
    let n = 0;
    expect(await eventually(() => (++n >= 3 ? `after ${n}` : null), 'three polls')).toBe('after 3');
    await expect(eventually(() => false, 'nothing', 60, 10)).rejects.toThrow('Timed out after 60 ms waiting for nothing');
  });

  it('send keeps the path as written and sends headers fetch forbids', async () => {
    const res = await send(`${url}/a/%2e%2e/b`, { headers: { origin: 'https://o.test' } });
    expect(res.json()).toEqual({ url: '/a/%2e%2e/b' });
    expect(res.headers['x-seen-origin']).toBe('https://o.test');
  });

  it('RawClient.postThenGet sends a body and a second request on one connection and returns both status lines', async () => {
    // The server answers without reading the body; Node reads the rest, so the GET is answered too.
    expect(await RawClient.postThenGet(url, '/upload', 1_000_000, '/next')).toEqual(['HTTP/1.1 200', 'HTTP/1.1 200']);
  });

  it('RawClient writes bytes as given, from another loopback address, and reads the answer', async () => {
    const c = await RawClient.open(url, '127.0.0.2');
    c.write('GET /raw HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    await c.closed;
    expect(c.status).toBe(200);
    expect(c.header('content-type')).toBe('application/json');
    expect(c.json()).toEqual({ url: '/raw' });
  });
});
