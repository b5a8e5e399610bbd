import { eventually, RawClient } from '@corsway/testing';
import { startGateway, type RunningGateway } from '../../testing/gateway-under-test.testing';
import { UpstreamServer } from '../../testing/upstream-server.testing';

// `Expect: 100-continue` (curl sends it for uploads over 1 MB): the client waits
// for "100 Continue" before its body (RFC 9110 §10.1.1). Node sent it for every
// such request before any stage ran, so a client whose request was going to be
// refused on its headers (too large, no route, no token) sent its whole body first.
describe('Expect: 100-continue', () => {
  const upstream = new UpstreamServer('svc');
  let gw: RunningGateway;

  beforeAll(async () => {
    await upstream.start();
    gw = await startGateway({
      config: {
        cors: { defaultPolicy: 'Web', policies: { Web: { origins: ['http://localhost:7152'] } } },
        routes: [
          { upstream: '/svc/{everything}', downstream: '/{everything}', service: 'svc' },
          { upstream: '/private/{everything}', downstream: '/{everything}', service: 'svc', auth: true },
        ],
        discovery: { services: { svc: [upstream.url] } },
        proxy: { maxBodyBytes: 1_000_000, healthCheck: false },
      },
    });
  });
  afterAll(async () => {
    await gw?.close();
    await upstream.stop();
  });

  const head = (path: string, bytes: number) =>
    `POST ${path} HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nContent-Length: ${bytes}\r\nExpect: 100-continue\r\n\r\n`;

  it.each([
    ['a declared body over proxy.maxBodyBytes', '/svc/upload', 2_000_000, 413],
    ['a path no route serves', '/nowhere', 10, 404],
    ['an auth route without a token', '/private/me', 10, 401],
  ])('%s: the final status without "100 Continue", and the connection closed', async (_what, path, bytes, status) => {
    const seen = upstream.seen.length;
    const raw = await RawClient.open(gw.url);
    try {
      raw.write(head(path, bytes));
      await raw.closed;
      expect(raw.statusLines).toEqual([`HTTP/1.1 ${status}`]);
      expect(raw.header('connection')).toBe('close');
      expect(upstream.seen.length).toBe(seen);
    } finally {
      raw.destroy();
    }
  });

  it.each([
    ['a body read whole (within proxy.bufferBodyBytes)', 5],
    ['a streamed body', 200_000],
  ])('%s: "100 Continue" first, then the body is forwarded and the connection kept', async (_what, bytes) => {
    const raw = await RawClient.open(gw.url);
    try {
      raw.write(head('/svc/upload', bytes));
      await eventually(() => raw.statusLines.length === 1, '100 Continue');
      expect(raw.statusLines).toEqual(['HTTP/1.1 100']);
      raw.write('a'.repeat(bytes));
      await eventually(() => raw.received.endsWith('\r\n0\r\n\r\n'), 'the whole (chunked) answer');
      expect(raw.statusLines).toEqual(['HTTP/1.1 100', 'HTTP/1.1 200']);
      expect(raw.received).toContain(`"bodyBytes":${bytes}`);
      expect(raw.received).not.toMatch(/connection: close/i);
    } finally {
      raw.destroy();
    }
  });

  it('an expectation other than 100-continue: 417 in the envelope with the request id and CORS headers; the service never sees it', async () => {
    const seen = upstream.seen.length;
    const raw = await RawClient.open(gw.url);
    try {
      raw.write('GET /svc/me HTTP/1.1\r\nHost: x\r\nOrigin: http://localhost:7152\r\nExpect: a-miracle\r\n\r\n');
      await raw.closed;
      expect(raw.statusLines).toEqual(['HTTP/1.1 417']);
      expect(raw.header('connection')).toBe('close');
      expect(raw.header('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
      expect(raw.header('access-control-allow-origin')).toBe('http://localhost:7152');
      expect(raw.json()).toEqual({ Success: false, Data: null, Errors: null, Message: expect.stringContaining('Expect: a-miracle cannot be met') });
      expect(upstream.seen.length).toBe(seen);
    } finally {
      raw.destroy();
    }
  });
});
