import { RawClient, eventually } from '@corsway/testing';
import { Readable } from 'node:stream';
import { Client } from 'undici';
import { startTestApp, type TestApp } from '../../test/test-app';
import { DRAIN_REFUSED_BODY_MAX_BYTES } from './refused-body.hook';

const CHUNK = Buffer.alloc(64 * 1024, 'a');

/** A body of `bytes` sent as a stream, the way the gateway forwards a body too large to buffer. */
function streamed(bytes: number): Readable {
  let left = bytes;
  return new Readable({
    read() {
      const n = Math.min(left, CHUNK.length);
      left -= n;
      this.push(n > 0 ? CHUNK.subarray(0, n) : null);
    },
  });
}

// A body too large for the service is refused before it is read (413); a
// client still sending it must be able to read that answer (RFC 9112 §9.6),
// which the service makes sure of by reading the rest instead of resetting
// the connection (http/refused-body.hook.ts).
describe('a body refused for its size', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp('sqlite');
  });
  afterAll(() => t.close());

  it.each([
    ['3 MB', 3_000_000],
    ['the most it reads to the end', DRAIN_REFUSED_BODY_MAX_BYTES],
  ])('%s, streamed as the gateway forwards it: the sender reads the 413 envelope', async (_name, bytes) => {
    const client = new Client(t.url);
    try {
      const res = await client.request({
        path: '/user/login',
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-length': String(bytes) },
        body: streamed(bytes),
      });
      const body = (await res.body.json()) as { Success: boolean; Message: string };
      expect(res.statusCode).toBe(413);
      expect(body).toMatchObject({ Success: false, Message: 'The request body is larger than 65536 bytes. Send a smaller body.' });
      expect(res.headers['connection']).toBe('keep-alive');
    } finally {
      await client.close();
    }
  });

  it('the connection that carried the refused body serves the next request', async () => {
    expect(await RawClient.postThenGet(t.url, '/user/login', 3_000_000, '/health')).toEqual(['HTTP/1.1 413', 'HTTP/1.1 200']);
  });

  it('declared larger than it reads to the end: answered 413 at once, and the connection closed', async () => {
    const raw = await RawClient.open(t.url);
    raw.write(
      `POST /user/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${DRAIN_REFUSED_BODY_MAX_BYTES + 1}\r\n\r\n`,
    );
    await raw.closed;
    expect(raw.status).toBe(413);
    expect(raw.header('connection')).toBe('close');
  });

  it('a chunked body over the limit (no length to read to): answered 413, the connection closed', async () => {
    const raw = await RawClient.open(t.url);
    raw.write('POST /user/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n');
    raw.write(`${(70 * 1024).toString(16)}\r\n${'a'.repeat(70 * 1024)}\r\n`);
    await eventually(async () => raw.status !== null, 'the 413');
    expect(raw.status).toBe(413);
    expect(raw.header('connection')).toBe('close');
    raw.socket.destroy();
  });
});
