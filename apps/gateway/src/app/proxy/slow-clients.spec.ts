import type { ServerResponse } from 'node:http';
import { startGateway, type RunningGateway } from '../../testing/gateway-under-test.testing';
import { eventually, RawClient, send } from '@corsway/testing';
import { UpstreamServer } from '../../testing/upstream-server.testing';

const ORIGIN = 'http://localhost:7152';
const CORS = { defaultPolicy: 'Web', policies: { Web: { origins: [ORIGIN], credentials: true } } };
const POST_HEAD = (length: number, path = '/svc/login') =>
  `POST ${path} HTTP/1.1\r\nHost: gw\r\nOrigin: ${ORIGIN}\r\nContent-Type: application/json\r\nContent-Length: ${length}\r\n\r\n`;

/**
 * Slow and greedy clients over raw sockets against the real gateway and a
 * real service. Every refusal is the envelope with the policy's CORS headers
 * (when the request's headers arrived), and no slow client ever holds one of
 * the pool's connections to the service.
 */
describe('slow clients cannot starve the service pool', () => {
  const upstream = new UpstreamServer('svc');
  let gw: RunningGateway;
  const clients: RawClient[] = [];

  beforeAll(async () => {
    await upstream.start();
    gw = await startGateway({
      config: {
        cors: CORS,
        routes: [{ upstream: '/svc/{everything}', downstream: '/{everything}', service: 'svc', timeoutMs: 1_000 }],
        discovery: { services: { svc: [upstream.url] } },
        // Two pool connections only: three trickling bodies would take them all if bodies streamed.
        proxy: { connectionsPerInstance: 2, bufferBodyBytes: 1024, healthCheck: false },
        clients: { bodyTimeoutMs: 800, bodyIdleTimeoutMs: 800, headersTimeoutMs: 1_000, requestTimeoutMs: 60_000, maxInFlight: 4 },
      },
    });
  });
  afterEach(() => {
    for (const c of clients.splice(0)) c.destroy();
    upstream.handler = null;
  });
  afterAll(async () => {
    await gw?.close();
    await upstream.stop();
  });

  it('bodies trickled 1 byte at a time hold no pool connection: other requests are served meanwhile', async () => {
    for (let i = 0; i < 3; i++) {
      const c = await RawClient.open(gw.url, `127.0.0.${10 + i}`);
      c.write(POST_HEAD(200));
      c.trickle('{"EmailOrUserName":"x"'.padEnd(200, ' '), 50);
      clients.push(c);
    }
    const before = upstream.seen.length;
    const started = performance.now();
    const res = await send(`${gw.url}/svc/me`, { headers: { origin: ORIGIN } });
    expect(res.status).toBe(200);
    expect(performance.now() - started).toBeLessThan(500);
    expect(upstream.seen.length).toBe(before + 1); // none of the trickled bodies reached the service
  });

  it('a trickled body is answered 408 at clients.bodyTimeoutMs, as the envelope with CORS headers, and the connection closed', async () => {
    const c = await RawClient.open(gw.url);
    clients.push(c);
    c.write(POST_HEAD(100));
    c.trickle('x'.repeat(100), 100);
    await c.closed;
    expect(c.status).toBe(408);
    expect(c.header('access-control-allow-origin')).toBe(ORIGIN);
    expect(c.header('connection')).toBe('close');
    expect(c.json()).toMatchObject({ Success: false, Data: null, Message: expect.stringContaining('did not arrive within 800 ms') });
  });

  it('headers trickled past clients.headersTimeoutMs get 408 in the envelope', async () => {
    const c = await RawClient.open(gw.url);
    clients.push(c);
    c.trickle(`GET /svc/me HTTP/1.1\r\nHost: gw\r\nX-Slow: ${'y'.repeat(200)}\r\n\r\n`, 50);
    await c.closed;
    expect(c.status).toBe(408);
    expect(c.json()).toMatchObject({ Success: false, Message: expect.stringMatching(/took too long/) });
  });

  it('a streamed (larger) body that stalls is cut at clients.bodyIdleTimeoutMs with 408', async () => {
    const c = await RawClient.open(gw.url);
    clients.push(c);
    c.write(POST_HEAD(4096));
    c.write('z'.repeat(2048)); // past the 1 KiB buffer: streamed to the service, then nothing more
    await c.closed;
    expect(c.status).toBe(408);
    expect(c.json()).toMatchObject({ Message: expect.stringContaining('stopped arriving') });
  });

  it('past clients.maxInFlight one client gets 429 with Retry-After and CORS headers; another client is served', async () => {
    for (let i = 0; i < 4; i++) {
      const c = await RawClient.open(gw.url, '127.0.0.20');
      c.write(POST_HEAD(50)); // the body never comes: each holds a slot
      clients.push(c);
    }
    await new Promise((r) => setTimeout(r, 50));
    const fifth = await RawClient.open(gw.url, '127.0.0.20');
    clients.push(fifth);
    fifth.write(`GET /svc/me HTTP/1.1\r\nHost: gw\r\nOrigin: ${ORIGIN}\r\nConnection: close\r\n\r\n`);
    await fifth.closed;
    expect(fifth.status).toBe(429);
    expect(fifth.header('retry-after')).toBe('1');
    expect(fifth.header('access-control-allow-origin')).toBe(ORIGIN);
    expect(fifth.json()).toMatchObject({ Message: expect.stringContaining('at most 4 at once') });
    const other = await RawClient.open(gw.url, '127.0.0.21');
    clients.push(other);
    other.write(`GET /svc/me HTTP/1.1\r\nHost: gw\r\nConnection: close\r\n\r\n`);
    await other.closed;
    expect(other.status).toBe(200);
  });

  it('a slot is given back when its client goes away', async () => {
    const held: RawClient[] = [];
    for (let i = 0; i < 4; i++) {
      const c = await RawClient.open(gw.url, '127.0.0.30');
      c.write(POST_HEAD(50));
      held.push(c);
    }
    for (const c of held) c.destroy();
    await eventually(async () => {
      const c = await RawClient.open(gw.url, '127.0.0.30');
      c.write(`GET /svc/me HTTP/1.1\r\nHost: gw\r\nConnection: close\r\n\r\n`);
      await c.closed;
      return c.status === 200;
    }, 'the slots to be released');
  });

  it('the route deadline covers waiting for a pool connection: 504, not a hang', async () => {
    upstream.handler = () => undefined; // never answers: both pool connections stay busy
    const hung = [send(`${gw.url}/svc/a`).catch(() => null), send(`${gw.url}/svc/b`).catch(() => null)];
    await eventually(async () => upstream.seen.filter((r) => r.url === '/a' || r.url === '/b').length === 2, 'both pool connections taken');
    const started = performance.now();
    const queued = await send(`${gw.url}/svc/c`, { headers: { origin: ORIGIN } });
    expect(queued.status).toBe(504);
    expect(queued.headers['access-control-allow-origin']).toBe(ORIGIN);
    expect(performance.now() - started).toBeLessThan(2_500);
    await Promise.all(hung);
  });
});

/**
 * The slow read: a client asks for a large answer, then reads nothing. Node
 * has no send timeout, so the answer never finished and its connection to the
 * service stayed paused in the pool for as long as the client liked; with one
 * pool connection, every other request to that service waited for the
 * route's deadline (504).
 */
describe('a client that stops reading its answer', () => {
  const BIG = 64 * 1024 * 1024; // more than the kernel buffers of every hop on loopback
  const CHUNK = Buffer.alloc(64 * 1024, 'a');
  const upstream = new UpstreamServer('svc');
  let gw: RunningGateway;
  interface BigAnswer {
    stalled: boolean;
    closedUnfinished?: boolean;
  }
  let bigAnswer: BigAnswer = { stalled: false };
  const clients: RawClient[] = [];

  beforeAll(async () => {
    await upstream.start();
    upstream.handler = (req, res) => {
      if (req.url !== '/big') return void res.end('{"small":true}');
      const answer: BigAnswer = (bigAnswer = { stalled: false });
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': BIG });
      let sent = 0;
      const pump = () => {
        while (sent < BIG) {
          sent += CHUNK.length;
          if (!res.write(CHUNK)) {
            answer.stalled = true;
            return void res.once('drain', pump);
          }
        }
        res.end();
      };
      res.on('close', () => (answer.closedUnfinished = !res.writableFinished));
      pump();
    };
    gw = await startGateway({
      config: {
        cors: CORS,
        routes: [{ upstream: '/svc/{everything}', downstream: '/{everything}', service: 'svc', timeoutMs: 4_000 }],
        discovery: { services: { svc: [upstream.url] } },
        // One pool connection: the unread answer holds it until the client is cut.
        proxy: { connectionsPerInstance: 1, healthCheck: false },
        clients: { sendTimeoutMs: 800 },
      },
    });
  });
  afterAll(async () => {
    for (const c of clients.splice(0)) c.destroy();
    await gw?.close();
    await upstream.stop();
  });

  it('is reset at clients.sendTimeoutMs, its answer stops at the service, and the pool connection serves the next request', async () => {
    const reader = await RawClient.open(gw.url);
    clients.push(reader);
    reader.write('GET /svc/big HTTP/1.1\r\nHost: gw\r\n\r\n');
    reader.socket.pause();
    await eventually(() => bigAnswer.stalled, 'the service to wait for the gateway to take more');

    const started = performance.now();
    const next = await send(`${gw.url}/svc/small`, { headers: { origin: ORIGIN } });
    expect(next.status).toBe(200);
    expect(performance.now() - started).toBeLessThan(3_000); // the route's deadline is 4 s
    await eventually(() => bigAnswer.closedUnfinished !== undefined, 'the service to see its answer end');
    expect(bigAnswer.closedUnfinished).toBe(true);

    reader.socket.resume(); // a paused socket learns its connection is gone when it reads again
    await reader.closed;
    expect(reader.received.length).toBeLessThan(BIG);
  }, 20_000);
});

/**
 * undici hands an attempt its abort only once a pool connection is free. A
 * request queued behind answers that keep streaming (a download, an event
 * stream) waited for them, past its deadline and after its client left.
 */
describe('a request queued behind streaming answers', () => {
  const upstream = new UpstreamServer('svc');
  let gw: RunningGateway;
  const streams = new Set<ServerResponse>();
  const clients: RawClient[] = [];
  const open = async (request: string) => {
    const c = await RawClient.open(gw.url);
    clients.push(c);
    c.write(request);
    return c;
  };

  beforeAll(async () => {
    await upstream.start();
    upstream.handler = (req, res) => {
      if (req.url !== '/events') return void res.end('{"small":true}');
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      streams.add(res);
      const tick = setInterval(() => res.write('data: tick\n\n'), 50);
      res.on('close', () => {
        clearInterval(tick);
        streams.delete(res);
      });
    };
    gw = await startGateway({
      config: {
        cors: CORS,
        routes: [{ upstream: '/svc/{everything}', downstream: '/{everything}', service: 'svc', timeoutMs: 800 }],
        discovery: { services: { svc: [upstream.url] } },
        proxy: { connectionsPerInstance: 1, maxQueuedPerInstance: 2, healthCheck: false },
      },
    });
  });
  afterEach(() => {
    for (const c of clients.splice(0)) c.destroy();
  });
  afterAll(async () => {
    await gw?.close();
    await upstream.stop();
  });

  it('gets 504 at its deadline, naming the busy pool, and the instance is not counted as failing', async () => {
    const events = await open('GET /svc/events HTTP/1.1\r\nHost: gw\r\n\r\n');
    await eventually(() => events.received.includes('data: tick'), 'the event stream to flow');

    const started = performance.now();
    const queued = await send(`${gw.url}/svc/small`, { headers: { origin: ORIGIN } });
    expect(queued.status).toBe(504);
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(queued.headers['access-control-allow-origin']).toBe(ORIGIN);
    expect(queued.json()).toMatchObject({ Message: expect.stringContaining('every gateway connection to it was busy') });

    events.destroy();
    await eventually(() => streams.size === 0, 'the stream to end at the service');
    // Not ejected: the next request is served at once.
    expect((await send(`${gw.url}/svc/small`)).status).toBe(200);
  });

  // A guard, not the fix's test: undici also drops it when a connection frees; failing it early must keep that.
  it('whose client leaves never reaches the service, once a connection frees', async () => {
    const events = await open('GET /svc/events HTTP/1.1\r\nHost: gw\r\n\r\n');
    await eventually(() => events.received.includes('data: tick'), 'the event stream to flow');
    const before = upstream.seen.length;
    const leaving = await open('GET /svc/left HTTP/1.1\r\nHost: gw\r\n\r\n');
    await new Promise((r) => setTimeout(r, 100));
    leaving.destroy();
    await new Promise((r) => setTimeout(r, 100));
    events.destroy();
    await eventually(() => streams.size === 0, 'the stream to end at the service');
    expect((await send(`${gw.url}/svc/after`)).status).toBe(200);
    expect(upstream.seen.slice(before).map((r) => r.url)).toEqual(['/after']);
  });
  it('past proxy.maxQueuedPerInstance waiting requests the next gets 503 at once; those that gave up count until a connection frees', async () => {
    const events = await open('GET /svc/events HTTP/1.1\r\nHost: gw\r\n\r\n');
    await eventually(() => events.received.includes('data: tick'), 'the event stream to flow');
    const waiting = [send(`${gw.url}/svc/a`), send(`${gw.url}/svc/b`)];
    await new Promise((r) => setTimeout(r, 100));

    const started = performance.now();
    const refused = await send(`${gw.url}/svc/c`, { headers: { origin: ORIGIN } });
    expect(refused.status).toBe(503);
    expect(performance.now() - started).toBeLessThan(300); // not the 800 ms deadline
    expect(refused.headers['retry-after']).toBe('5');
    expect(refused.headers['access-control-allow-origin']).toBe(ORIGIN);
    expect(refused.json()).toMatchObject({ Message: expect.stringContaining('too many requests are already waiting') });
    expect((await Promise.all(waiting)).map((r) => r.status)).toEqual([504, 504]);
    // Answered, but still in undici's queue: the bound still holds.
    expect((await send(`${gw.url}/svc/d`)).status).toBe(503);

    events.destroy();
    await eventually(() => streams.size === 0, 'the stream to end at the service');
    await eventually(async () => (await send(`${gw.url}/svc/e`)).status === 200, 'the pool to serve again');
    expect(upstream.seen.map((r) => r.url)).not.toContain('/c');
  });
});
