import { request } from 'node:http';
import { startGateway, type RunningGateway } from '../../testing/gateway-under-test.testing';
import { RawClient, send } from '@corsway/testing';
import { closedPortUrl, UpstreamServer } from '../../testing/upstream-server.testing';

const ORIGIN = 'http://localhost:7152';
const CORS = { defaultPolicy: 'Web', policies: { Web: { origins: [ORIGIN], headers: ['*'], methods: ['*'], credentials: true } } };

function gatewayFor(services: Record<string, string[]>, extra: Record<string, unknown> = {}, now?: () => number) {
  return startGateway({
    now,
    config: {
      cors: CORS,
      routes: Object.keys(services).map((s) => ({ upstream: `/${s}/{everything}`, downstream: '/{everything}', service: s, timeoutMs: 300 })),
      discovery: { services },
      ...extra,
    },
  });
}

function expectEnvelopeWithCors(res: { status: number; headers: Record<string, unknown>; json(): any }, status: number, message: RegExp) {
  expect(res.status).toBe(status);
  expect(res.json()).toEqual({ Success: false, Data: null, Errors: null, Message: expect.stringMatching(message) });
  expect(res.headers['access-control-allow-origin']).toBe(ORIGIN);
  expect(res.headers['access-control-allow-credentials']).toBe('true');
}

describe('gateway failure statuses carry the envelope and CORS headers (Ocelot #210, #1340)', () => {
  const hanging = new UpstreamServer('hanging');
  const broken = new UpstreamServer('broken');
  let gw: RunningGateway;

  beforeAll(async () => {
    await Promise.all([hanging.start(), broken.start()]);
    hanging.handler = () => undefined; // never answers
    broken.handler = (req) => req.socket.end('HTTP/1.1 ???\r\nthis is not http\r\n\r\n');
    gw = await gatewayFor({ down: [await closedPortUrl()], hanging: [hanging.url], broken: [broken.url] });
  });
  afterAll(async () => {
    await gw?.close();
    await Promise.all([hanging.stop(), broken.stop()]);
  });

  it.each([
    [503, 'down', /"down" is unavailable/],
    [504, 'hanging', /"hanging" did not answer within 300 ms/],
    [502, 'broken', /"broken" sent an invalid or incomplete response/],
  ])('%d when the upstream is %s', async (status, service, message) => {
    const res = await send(`${gw.url}/${service}/x`, { method: 'POST', headers: { origin: ORIGIN, 'content-type': 'application/json' }, body: '{}' });
    expectEnvelopeWithCors(res, status, message);
    if (status === 503) expect(res.headers['retry-after']).toBeTruthy();
  });
});

describe('retry rules: idempotent requests once on another instance, POST never', () => {
  const live = new UpstreamServer('live');
  const broken = new UpstreamServer('broken');
  let dead: string;
  let gw: RunningGateway;
  beforeAll(async () => {
    await Promise.all([live.start(), broken.start()]);
    broken.handler = (req) => req.socket.destroy();
    dead = await closedPortUrl();
  });
  afterAll(() => Promise.all([live.stop(), broken.stop()]));
  afterEach(async () => {
    await gw?.close();
    live.seen.length = 0;
    broken.seen.length = 0;
  });

  // Round-robin starts at the first instance, so the failing one is tried first.
  it.each([['GET'], ['HEAD'], ['OPTIONS']])('%s after a connect error is retried on the next instance', async (method) => {
    gw = await gatewayFor({ svc: [dead, live.url] });
    const res = await send(`${gw.url}/svc/r`, { method });
    expect(res.status).toBe(200);
    expect(live.seen.map((r) => r.method)).toEqual([method]);
  });

  it('GET after a reset connection is retried on the next instance', async () => {
    gw = await gatewayFor({ svc: [broken.url, live.url] });
    const res = await send(`${gw.url}/svc/r`);
    expect(res.status).toBe(200);
    expect(broken.seen).toHaveLength(1);
    expect(live.seen).toHaveLength(1);
  });

  it('POST after a connect error IS retried on the next instance: nothing was sent, and the body was read whole', async () => {
    gw = await gatewayFor({ svc: [dead, live.url] });
    const res = await send(`${gw.url}/svc/r`, { method: 'POST', headers: { origin: ORIGIN }, body: 'x' });
    expect(res.status).toBe(200);
    expect(live.seen.map((r) => [r.method, r.bodyBytes])).toEqual([['POST', 1]]);
  });

  it('a streamed body (larger than proxy.bufferBodyBytes) is not retried after a connect error: 503', async () => {
    gw = await gatewayFor({ svc: [dead, live.url] }, { proxy: { bufferBodyBytes: 4 } });
    const res = await send(`${gw.url}/svc/r`, { method: 'POST', headers: { origin: ORIGIN }, body: 'more than four bytes' });
    expectEnvelopeWithCors(res, 503, /unavailable/);
    expect(live.seen).toHaveLength(0);
  });

  it('POST after a reset connection is NOT retried: 502', async () => {
    gw = await gatewayFor({ svc: [broken.url, live.url] });
    const res = await send(`${gw.url}/svc/r`, { method: 'POST', headers: { origin: ORIGIN }, body: 'x' });
    expectEnvelopeWithCors(res, 502, /invalid or incomplete/);
    expect(broken.seen).toHaveLength(1);
    expect(live.seen).toHaveLength(0);
  });
});

describe('passive health: ejection and recovery (Ocelot #782)', () => {
  const flaky = new UpstreamServer('flaky');
  const live = new UpstreamServer('live');
  let clock = 1_000_000;
  let gw: RunningGateway;
  // Passive health only: the active checker would eject on its own schedule (its tests: active-health.spec.ts).
  const cb = { proxy: { circuitBreaker: { failureThreshold: 2, cooldownMs: 10_000 }, healthCheck: false } };

  beforeAll(() => Promise.all([flaky.start(), live.start()]));
  afterAll(() => Promise.all([flaky.stop(), live.stop()]));
  afterEach(async () => {
    await gw?.close();
    flaky.handler = null;
    flaky.seen.length = 0;
    live.seen.length = 0;
  });

  async function hit(n: number): Promise<string[]> {
    const out: string[] = [];
    for (let i = 0; i < n; i++) out.push(String((await send(`${gw.url}/svc/x`)).headers['x-upstream'] ?? 'gateway'));
    return out;
  }

  it('a 5xx storm never ejects an instance: one client\'s bad input must not become everyone\'s 503', async () => {
    flaky.handler = (_req, res) => {
      res.writeHead(500, { 'x-upstream': 'flaky' });
      res.end();
    };
    gw = await gatewayFor({ svc: [flaky.url, live.url] }, cb, () => clock);
    expect(await hit(8)).toEqual(['flaky', 'live', 'flaky', 'live', 'flaky', 'live', 'flaky', 'live']);
  });

  it('ejects an instance after consecutive broken answers and offers it again after the cool-down', async () => {
    flaky.handler = (req) => req.socket.destroy();
    gw = await gatewayFor({ svc: [flaky.url, live.url] }, cb, () => clock);
    // Each broken GET is retried on live; after the 2nd in a row flaky is ejected.
    expect(await hit(6)).toEqual(['live', 'live', 'live', 'live', 'live', 'live']);
    expect(flaky.seen).toHaveLength(2);
    flaky.handler = null; // it recovers...
    clock += 10_001; // ...and the cool-down passes
    const after = await hit(4);
    expect(after).toContain('flaky');
    expect(after).toContain('live');
  });

  it('ejects a refusing instance at once and takes it back once it listens again', async () => {
    const deadUrl = await closedPortUrl();
    gw = await gatewayFor({ svc: [deadUrl, live.url] }, cb, () => clock);
    expect(await hit(4)).toEqual(['live', 'live', 'live', 'live']);
    const revived = await new UpstreamServer('revived').start(Number(new URL(deadUrl).port));
    try {
      expect(await hit(4)).toEqual(['live', 'live', 'live', 'live']); // still cooling down
      clock += 10_001;
      expect(await hit(4)).toContain('revived');
    } finally {
      await revived.stop();
    }
  });

  it('panic rule: with every instance ejected it still tries them, so a restarted sole instance serves at once', async () => {
    const deadUrl = await closedPortUrl();
    gw = await gatewayFor({ svc: [deadUrl] }, cb, () => clock);
    await send(`${gw.url}/svc/x`); // refused: ejected for 10 s of the frozen clock
    const res = await send(`${gw.url}/svc/x`, { headers: { origin: ORIGIN } });
    expectEnvelopeWithCors(res, 503, /no instance accepted the connection/); // tried, not refused unseen
    const revived = await new UpstreamServer('revived').start(Number(new URL(deadUrl).port));
    try {
      expect(await hit(1)).toEqual(['revived']); // no cool-down wait
    } finally {
      await revived.stop();
    }
  });
});

describe('an upstream that dies mid-body', () => {
  const upstream = new UpstreamServer('dies');
  let gw: RunningGateway;
  beforeAll(async () => {
    await upstream.start();
    upstream.handler = (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain', 'content-length': '1000' });
      res.write('partial');
      setImmediate(() => res.socket?.destroy());
    };
    gw = await gatewayFor({ dies: [upstream.url] });
  });
  afterAll(async () => {
    await gw?.close();
    await upstream.stop();
  });

  it('cuts the client connection instead of pretending the body was complete', async () => {
    await expect(send(`${gw.url}/dies/x`)).rejects.toThrow(/aborted|socket hang up|ECONNRESET/);
    // The gateway itself is fine afterwards.
    expect((await send(`${gw.url}/nothing`)).status).toBe(404);
  });
});

describe('failures that are not the upstream\'s', () => {
  const slow = new UpstreamServer('slow');
  let gw: RunningGateway;
  beforeAll(async () => {
    await slow.start();
    gw = await startGateway({
      config: {
        routes: [{ upstream: '/slow/{everything}', downstream: '/{everything}', service: 'slow', timeoutMs: 300 }],
        discovery: { services: { slow: [slow.url] } },
        // Tiny buffer: these uploads stream to the service as they arrive.
        proxy: { bufferBodyBytes: 8, circuitBreaker: { failureThreshold: 1, cooldownMs: 60_000 } },
      },
    });
  });
  afterAll(async () => {
    await gw?.close();
    await slow.stop();
  });
  afterEach(() => (slow.handler = null));

  it('a client that aborts its upload does not eject the instance', async () => {
    const gotBytes = new Promise<void>((resolve) => {
      slow.handler = (req) => {
        req.once('data', () => resolve());
        req.on('error', () => undefined);
      };
    });
    const { port } = new URL(gw.url);
    const req = request({ host: '127.0.0.1', port, path: '/slow/upload', method: 'POST', headers: { 'content-type': 'text/plain', 'transfer-encoding': 'chunked' } });
    req.on('error', () => undefined);
    req.write('first chunk');
    await gotBytes;
    req.destroy();
    await new Promise((r) => setTimeout(r, 100)); // let the gateway see the abort
    slow.handler = null;
    expect((await send(`${gw.url}/slow/after`)).status).toBe(200);
  });

  // A service that will not read a body (its size limit) answers and closes, or just closes;
  // the gateway's next write of the body then fails before any answer is read.
  const REFUSED = /"slow" closed the connection before it had read the request body.*send a smaller body/;
  const UPLOAD = 3_000_000;
  const refuseUnread = () => {
    slow.handler = (req, res) => {
      if (req.method === 'GET') return res.end('fine');
      req.socket.destroy();
    };
  };

  it('a service that closes on a streamed body it will not read: 502 saying so, and the instance stays in', async () => {
    refuseUnread();
    const res = await send(`${gw.url}/slow/upload`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: Buffer.alloc(UPLOAD, 'a') });
    expect(res.status).toBe(502);
    expect(res.json().Message).toMatch(REFUSED);
    expect((await send(`${gw.url}/slow/after`)).status).toBe(200); // failureThreshold 1: one counted failure would be a 503
  });

  it('after such a 502 the client\'s connection, its body read to the end, serves the next request', async () => {
    refuseUnread();
    expect(await RawClient.postThenGet(gw.url, '/slow/upload', UPLOAD, '/slow/next')).toEqual(['HTTP/1.1 502', 'HTTP/1.1 200']);
  });

  it('a service that answers 413 and closes: the client reads the 413, or the 502 that says the body was refused', async () => {
    slow.handler = (req, res) => {
      if (req.method === 'GET') return res.end('fine');
      res.writeHead(413, { 'content-type': 'application/json', connection: 'close' });
      res.end('{"refused":true}');
    };
    const res = await send(`${gw.url}/slow/upload`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: Buffer.alloc(UPLOAD, 'a') });
    // Which one depends on whether the gateway read the 413 before its write failed: both tell the truth.
    if (res.status === 413) expect(res.json()).toEqual({ refused: true });
    else expect([res.status, res.json().Message]).toEqual([502, expect.stringMatching(REFUSED)]);
    expect((await send(`${gw.url}/slow/after`)).status).toBe(200);
  });

  it('the deadline starts after the upload: an upload longer than timeoutMs still succeeds', async () => {
    const { port } = new URL(gw.url);
    const status = await new Promise<number>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port, path: '/slow/upload', method: 'POST', headers: { 'content-type': 'text/plain', 'transfer-encoding': 'chunked' } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      let n = 0;
      const tick = setInterval(() => {
        req.write('x'.repeat(100));
        if (++n === 6) {
          clearInterval(tick);
          req.end();
        }
      }, 100); // ~600 ms of upload against a 300 ms timeout
    });
    expect(status).toBe(200);
  });
});
