import { eventually, RawClient } from '@corsway/testing';
import { startTestApp, type TestApp } from '../../test/test-app';

// `Expect: 100-continue` (curl sends it for uploads over 1 MB): the client waits for
// "100 Continue" before its body. Node sent it to every such request, so a body declared
// over the 64 KiB limit was sent whole before its 413.
describe('Expect: 100-continue at user-service', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp('sqlite');
  });
  afterAll(() => t.close());

  const head = (bytes: number) =>
    `POST /user/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${bytes}\r\nExpect: 100-continue\r\n\r\n`;

  it('a body declared over the limit: 413 in the envelope without "100 Continue", and the connection closed', async () => {
    const raw = await RawClient.open(t.url);
    try {
      raw.write(head(3_000_000));
      await raw.closed;
      expect(raw.statusLines).toEqual(['HTTP/1.1 413']);
      expect(raw.header('connection')).toBe('close');
      expect(raw.json()).toMatchObject({ Success: false, Message: expect.stringMatching(/larger than 65536 bytes/) });
    } finally {
      raw.destroy();
    }
  });

  it('a body within the limit: "100 Continue", then the answer to the body', async () => {
    const body = JSON.stringify({ EmailOrUserName: 'nobody-here', Password: 'Wrong-Password-1', ClientId: 'web' });
    const raw = await RawClient.open(t.url);
    try {
      raw.write(head(Buffer.byteLength(body)));
      await eventually(() => raw.statusLines.length === 1, '100 Continue');
      expect(raw.statusLines).toEqual(['HTTP/1.1 100']);
      raw.write(body);
      await eventually(() => raw.statusLines.length === 2, 'the answer');
      expect(raw.statusLines).toEqual(['HTTP/1.1 100', 'HTTP/1.1 401']);
    } finally {
      raw.destroy();
    }
  });

  it('an expectation other than 100-continue: 417 in the envelope, with the request id, and the connection closed', async () => {
    const raw = await RawClient.open(t.url);
    try {
      raw.write('POST /user/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 2\r\nX-Request-Id: expect-test-1\r\nExpect: a-miracle\r\n\r\n{}');
      await raw.closed;
      expect(raw.statusLines).toEqual(['HTTP/1.1 417']);
      expect(raw.header('connection')).toBe('close');
      expect(raw.header('x-request-id')).toBe('expect-test-1');
      expect(raw.json()).toEqual({ Success: false, Data: null, Errors: null, Message: expect.stringContaining('only "Expect: 100-continue" is supported') });
    } finally {
      raw.destroy();
    }
  });
});
