import { startGateway, type RunningGateway } from '../../testing/gateway-under-test.testing';
import { send } from '@corsway/testing';
import { UpstreamServer } from '../../testing/upstream-server.testing';

const ORIGIN = 'http://localhost:7152';

describe('gateway header handling', () => {
  const upstream = new UpstreamServer('svc');
  let gw: RunningGateway;
  let port: string;

  beforeAll(async () => {
    await upstream.start();
    gw = await startGateway({
      config: {
        cors: { defaultPolicy: 'Web', policies: { Web: { origins: [ORIGIN], headers: ['*'], methods: ['*'], credentials: true, exposedHeaders: ['X-Request-Id'] } } },
        routes: [{ upstream: '/svc/{everything}', downstream: '/{everything}', service: 'svc' }],
        discovery: { services: { svc: [upstream.url] } },
      },
    });
    port = new URL(gw.url).port;
  });
  afterAll(async () => {
    await gw?.close();
    await upstream.stop();
  });

  it('drops hop-by-hop request headers, including those named by Connection', async () => {
    const res = await send(`${gw.url}/svc/echo`, {
      headers: { connection: 'keep-alive, x-secret-hop', 'keep-alive': 'timeout=5', te: 'trailers', 'x-secret-hop': '1', 'proxy-authorization': 'Basic x', 'x-kept': 'yes' },
    });
    const seen = res.json().headers;
    for (const h of ['keep-alive', 'te', 'x-secret-hop', 'proxy-authorization']) expect(seen[h]).toBeUndefined();
    expect(seen['x-kept']).toBe('yes');
  });

  it('handles Expect: 100-continue itself (curl sends it for large uploads) and forwards the body', async () => {
    const res = await send(`${gw.url}/svc/echo`, { method: 'POST', headers: { expect: '100-continue', 'content-type': 'text/plain' }, body: 'hello' });
    expect(res.status).toBe(200);
    expect(res.json()).toMatchObject({ bodyBytes: 5 });
    expect(res.json().headers['expect']).toBeUndefined();
  });

  it('forwards a body sent without Content-Type', async () => {
    const res = await send(`${gw.url}/svc/echo`, { method: 'POST', body: 'hello' });
    expect(res.status).toBe(200);
    expect(res.json()).toMatchObject({ bodyBytes: 5 });
  });

  it('sets X-Forwarded-For/Proto/Host, replacing what an untrusted client claims', async () => {
    const seen = (await send(`${gw.url}/svc/echo`, { headers: { 'x-forwarded-for': '203.0.113.9', 'x-forwarded-proto': 'https', 'x-forwarded-host': 'evil.example' } })).json().headers;
    expect(seen['x-forwarded-for']).toBe('127.0.0.1');
    expect(seen['x-forwarded-proto']).toBe('http');
    expect(seen['x-forwarded-host']).toBe(`127.0.0.1:${port}`);
    expect(seen['host']).toBe(new URL(upstream.url).host);
  });

  it('generates an X-Request-Id, forwards it and returns it', async () => {
    const res = await send(`${gw.url}/svc/echo`);
    const id = res.headers['x-request-id'];
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.json().headers['x-request-id']).toBe(id);
  });

  it('keeps a client X-Request-Id end to end, and replaces an unsafe one', async () => {
    const kept = await send(`${gw.url}/svc/echo`, { headers: { 'x-request-id': 'client-abc.123' } });
    expect(kept.headers['x-request-id']).toBe('client-abc.123');
    expect(kept.json().headers['x-request-id']).toBe('client-abc.123');
    const replaced = await send(`${gw.url}/svc/echo`, { headers: { 'x-request-id': 'bad id\twith spaces' } });
    expect(replaced.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  // RFC 9110 §8.6: a 304 may carry the Content-Length a 200 would have had,
  // and neither a 304 nor a 204 has content, whatever Content-Length says.
  // undici 7 reads such a head as a body that never came; the client got its
  // connection closed with no answer at all, and the instance was counted as broken.
  it.each([
    [304, { etag: '"v1"', 'content-length': '11' }, '11'],
    [204, { 'content-length': '11' }, undefined],
  ])('a %i with a Content-Length and no content is answered as sent, and the instance stays in', async (status, head, expectedLength) => {
    upstream.handler = (_req, res) => {
      res.writeHead(status, head);
      res.end();
    };
    try {
      for (let i = 0; i < 6; i++) {
        const res = await send(`${gw.url}/svc/item`, { headers: { origin: ORIGIN, 'if-none-match': '"v1"' } });
        expect(res.status).toBe(status);
        expect(res.text).toBe('');
        // A 204 never carries Content-Length (RFC 9110 §8.6); a 304 keeps the service's.
        expect(res.headers['content-length']).toBe(expectedLength);
        if (status === 304) expect(res.headers['etag']).toBe('"v1"');
        expect(res.headers['access-control-allow-origin']).toBe(ORIGIN);
      }
    } finally {
      upstream.handler = null;
    }
    // Six in a row were not six broken answers: the instance still serves.
    expect((await send(`${gw.url}/svc/after`)).status).toBe(200);
  });

  it('strips upstream Access-Control-* and hop-by-hop response headers, keeps the gateway policy (Ocelot #799)', async () => {
    upstream.handler = (_req, res) => {
      res.writeHead(200, {
        'access-control-allow-origin': '*',
        'access-control-allow-methods': 'DELETE',
        'access-control-allow-credentials': 'false',
        'access-control-expose-headers': 'X-Leak',
        'keep-alive': 'timeout=1',
        'x-app': 'kept',
        'set-cookie': ['a=1; Path=/', 'b=2; Path=/'],
        vary: 'Accept-Encoding',
        'content-type': 'text/plain',
      });
      res.end('hi');
    };
    try {
      const res = await send(`${gw.url}/svc/echo`, { headers: { origin: ORIGIN } });
      expect(res.text).toBe('hi');
      expect(res.headers['access-control-allow-origin']).toBe(ORIGIN);
      expect(res.headers['access-control-allow-credentials']).toBe('true');
      expect(res.headers['access-control-allow-methods']).toBeUndefined();
      expect(res.headers['access-control-expose-headers']).toBe('X-Request-Id');
      expect(res.headers['x-app']).toBe('kept');
      expect(res.headers['set-cookie']).toEqual(['a=1; Path=/', 'b=2; Path=/']);
      // Vary merged, never overwritten: the upstream's and the policy's.
      expect(res.headers['vary']?.split(/,\s*/).sort()).toEqual(['Accept-Encoding', 'Origin']);
      expect(res.headers['keep-alive']).not.toBe('timeout=1');
    } finally {
      upstream.handler = null;
    }
  });
});
