import { SMALL_REQUEST_LIMITS } from '@corsway/contracts';
import { RawClient } from '@corsway/testing';
import { startTestApp, type TestApp } from '../../test/test-app';

// The service is reachable without the gateway (a port published by mistake, a
// neighbour on its network). Node's defaults held a client trickling its headers
// 60 s and its body 300 s; the service allows the headers 10 s (SMALL_REQUEST_LIMITS).
describe('slow clients at user-service', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp('sqlite');
  });
  afterAll(() => t.close());

  it('a client trickling its headers gets the 408 envelope and is closed within the limit', async () => {
    const started = Date.now();
    const raw = await RawClient.open(t.url);
    raw.write('POST /user/login HTTP/1.1\r\nHost: x\r\n');
    raw.trickle('X-Slow: 1\r\n'.repeat(100), 250);
    // Waited for here, not by Jest's timeout: a connection left open would keep the app's close() waiting.
    const limit = SMALL_REQUEST_LIMITS.headersTimeoutMs + 2_000;
    const closedInTime = await Promise.race([raw.closed.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), limit))]);
    raw.destroy();
    expect(closedInTime).toBe(true);
    expect(raw.status).toBe(408);
    expect(raw.json()).toEqual({ Success: false, Data: null, Errors: null, Message: expect.stringMatching(/took too long/i) });
    expect(Date.now() - started).toBeLessThan(limit);
  }, 20_000);
});
