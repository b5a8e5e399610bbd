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
    const limit = SMALL_REQUEST_LIMITS.headersTimeoutMs + 2_000;
    const { raw, closedAfterMs } = await RawClient.trickleHeaders(t.url, 'POST /user/login HTTP/1.1', limit);
    expect(closedAfterMs).toBeLessThan(limit);
    expect(raw.status).toBe(408);
    expect(raw.json()).toEqual({ Success: false, Data: null, Errors: null, Message: expect.stringMatching(/took too long/i) });
  }, 20_000);
});
