import { request } from 'node:http';
import { startGateway, type RunningGateway } from '../../testing/gateway-under-test.testing';
import { send } from '@corsway/testing';
import { UpstreamServer } from '../../testing/upstream-server.testing';

const MB = 1024 * 1024;
const TOTAL = 20 * MB;

function deferred<T = void>() {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

/**
 * Streaming is proven by ordering, not timing: the sender holds back the rest
 * of a 20 MB body until the receiver on the far side of the gateway has seen
 * the first chunk. A gateway that buffered whole bodies would deadlock here.
 */
describe('gateway streams bodies both ways', () => {
  const upstream = new UpstreamServer('blob');
  let gw: RunningGateway;

  beforeAll(async () => {
    await upstream.start();
    gw = await startGateway({
      config: {
        routes: [{ upstream: '/blob/{everything}', downstream: '/{everything}', service: 'blob' }],
        discovery: { services: { blob: [upstream.url] } },
        proxy: { maxBodyBytes: 64 * MB },
      },
    });
  });
  afterAll(async () => {
    await gw?.close();
    await upstream.stop();
  });
  afterEach(() => (upstream.handler = null));

  it.each([['chunked'], ['content-length']])('uploads 20 MB (%s) without buffering it', async (mode) => {
    const firstChunkArrived = deferred();
    upstream.handler = (req, res) => {
      let bytes = 0;
      req.on('data', (c: Buffer) => {
        if (bytes === 0) firstChunkArrived.resolve();
        bytes += c.length;
      });
      req.on('end', () => res.end(JSON.stringify({ bytes })));
    };
    const { port } = new URL(gw.url);
    const headers: Record<string, string | number> = { 'content-type': 'application/octet-stream' };
    if (mode === 'content-length') headers['content-length'] = TOTAL;
    const result = new Promise<string>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port, path: '/blob/upload', method: 'POST', headers }, (res) => {
        let text = '';
        res.on('data', (c) => (text += c));
        res.on('end', () => resolve(text));
      });
      req.on('error', reject);
      const chunk = Buffer.alloc(MB, 7);
      req.write(chunk);
      // Only after the upstream saw bytes do we generate the remaining 19 MB.
      void firstChunkArrived.promise.then(async () => {
        for (let sent = MB; sent < TOTAL; sent += MB) {
          if (!req.write(chunk)) await new Promise((r) => req.once('drain', r));
        }
        req.end();
      });
    });
    expect(JSON.parse(await result)).toEqual({ bytes: TOTAL });
  });

  it('downloads 20 MB without buffering it', async () => {
    const clientGotBytes = deferred();
    upstream.handler = (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': TOTAL });
      const chunk = Buffer.alloc(MB, 1);
      res.write(chunk);
      void clientGotBytes.promise.then(async () => {
        for (let sent = MB; sent < TOTAL; sent += MB) {
          if (!res.write(chunk)) await new Promise((r) => res.once('drain', r));
        }
        res.end();
      });
    };
    const { port } = new URL(gw.url);
    const received = await new Promise<{ bytes: number; length: string | undefined }>((resolve, reject) => {
      request({ host: '127.0.0.1', port, path: '/blob/download' }, (res) => {
        let bytes = 0;
        res.on('data', (c: Buffer) => {
          bytes += c.length;
          clientGotBytes.resolve();
        });
        res.on('end', () => resolve({ bytes, length: res.headers['content-length'] }));
        res.on('error', reject);
      })
        .on('error', reject)
        .end();
    });
    expect(received).toEqual({ bytes: TOTAL, length: String(TOTAL) });
  });
});

describe('gateway request body limit -> 413', () => {
  const upstream = new UpstreamServer('small');
  let gw: RunningGateway;
  beforeAll(async () => {
    await upstream.start();
    gw = await startGateway({
      config: {
        cors: { defaultPolicy: 'Any', policies: { Any: { origins: ['*'] } } },
        routes: [{ upstream: '/small/{everything}', downstream: '/{everything}', service: 'small' }],
        discovery: { services: { small: [upstream.url] } },
        proxy: { maxBodyBytes: 1024 },
      },
    });
  });
  afterAll(async () => {
    await gw?.close();
    await upstream.stop();
  });
  afterEach(() => (upstream.handler = null));

  it('refuses a declared Content-Length over the limit before contacting the upstream', async () => {
    const res = await send(`${gw.url}/small/x`, { method: 'POST', headers: { origin: 'http://a.test', 'content-type': 'text/plain' }, body: Buffer.alloc(2048) });
    expect(res.status).toBe(413);
    expect(res.json()).toMatchObject({ Success: false, Message: expect.stringContaining('1024 bytes') });
    expect(res.headers['access-control-allow-origin']).toBe('*');
    expect(upstream.seen).toHaveLength(0);
  });

  it('cuts a chunked body off once it passes the limit', async () => {
    upstream.handler = (req, res) => {
      req.resume();
      req.on('end', () => res.end('should not complete'));
      req.on('error', () => undefined);
    };
    const { port } = new URL(gw.url);
    const status = await new Promise<number>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port, path: '/small/x', method: 'POST', headers: { 'content-type': 'text/plain', 'transfer-encoding': 'chunked' } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.write(Buffer.alloc(800));
      req.write(Buffer.alloc(800));
      req.end();
    });
    expect(status).toBe(413);
  });

  it('accepts a body within the limit', async () => {
    const res = await send(`${gw.url}/small/x`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: Buffer.alloc(1000) });
    expect(res.status).toBe(200);
    expect(res.json().bodyBytes).toBe(1000);
  });
});
