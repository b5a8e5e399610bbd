import { RawClient } from '@corsway/testing';
import { startTestApp, type TestApp } from '../../test/test-app';

// CONNECT asks for a tunnel (RFC 9110 §9.3.6), which the service does not open.
// Node closes such a connection without a word unless something answers it.
describe('CONNECT', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp('sqlite');
  });
  afterAll(() => t.close());

  it('is answered 405 with the envelope, and the connection closed', async () => {
    const raw = await RawClient.open(t.url);
    raw.write('CONNECT evil.example:443 HTTP/1.1\r\nHost: evil.example:443\r\n\r\n');
    await raw.closed;
    expect(raw.status).toBe(405);
    expect(raw.json()).toEqual({ Success: false, Data: null, Errors: null, Message: expect.stringMatching(/opens no tunnels/) });
  });
});
