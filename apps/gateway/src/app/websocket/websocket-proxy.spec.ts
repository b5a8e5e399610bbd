import { connect, type Socket } from 'node:net';
import { startGateway, type RunningGateway } from '../../testing/gateway-under-test.testing';
import { JwksUpstream, newSigningKey, signAccessToken, type SigningKey } from '../../testing/jwks-server.testing';
import { closedPortUrl } from '../../testing/upstream-server.testing';
import { eventually } from '@corsway/testing';
import { echoThrough as echo, openWebSocket as open } from '../../testing/websocket-client.testing';
import { WebSocketUpstream } from '../../testing/websocket-upstream.testing';

const WEB = 'http://localhost:7152';
const EVIL = 'https://evil.example';

describe('WebSocket proxying through the pipeline', () => {
  const service = new WebSocketUpstream();
  const users = new JwksUpstream();
  let key: SigningKey;
  let gw: RunningGateway;
  let ws: string;
  let deadUrl: string;

  beforeAll(async () => {
    key = await newSigningKey('k1');
    users.published = [key.publicJwk];
    await Promise.all([service.start(), users.start()]);
    deadUrl = await closedPortUrl();
    gw = await startGateway({
      jwksCooldownMs: 0,
      config: {
        cors: {
          defaultPolicy: null,
          policies: { Web: { origins: [WEB], credentials: true }, Any: { origins: ['*'] } },
        },
        routes: [
          { upstream: '/ws/echo', downstream: '/echo', service: 'ws', methods: ['GET'], cors: 'Web', websocket: true },
          { upstream: '/ws/private', downstream: '/private', service: 'ws', methods: ['GET'], cors: 'Web', websocket: true, auth: true },
          { upstream: '/ws/any', downstream: '/any', service: 'ws', methods: ['GET'], cors: 'Any', websocket: true },
          { upstream: '/ws/dead', downstream: '/dead', service: 'dead', methods: ['GET'], cors: 'Web', websocket: true },
          { upstream: '/ws/two', downstream: '/two', service: 'half-dead', methods: ['GET'], cors: 'Web', websocket: true },
          { upstream: '/http/only', downstream: '/only', service: 'ws', methods: ['GET'], cors: 'Web' },
        ],
        discovery: { services: { ws: [service.url], 'user-service': [users.url], dead: [deadUrl], 'half-dead': [deadUrl, service.url] } },
      },
    });
    ws = gw.url.replace('http:', 'ws:');
  });
  afterAll(async () => {
    await gw?.close();
    await Promise.all([service.stop(), users.stop()]);
  });

  it("a handshake carries the client's trace with a parent id of its own (W3C Trace Context), on a route whose first instance is down", async () => {
    const trace = '4bf92f3577b34da6a3ce929d0e0e4736';
    const o = await open(`${ws}/ws/two`, { origin: WEB, headers: { traceparent: `00-${trace}-00f067aa0ba902b7-01` } });
    const sent = String(service.handshakes.at(-1)!.headers['traceparent']);
    expect(sent).toMatch(new RegExp(`^00-${trace}-[0-9a-f]{16}-01$`));
    expect(sent).not.toContain('00f067aa0ba902b7');
    o.ws.close(1000);
    await o.closed;
  });

  it('echoes through the gateway from an allowed origin, with the service path, X-Forwarded-* and the request id', async () => {
    const o = await open(`${ws}/ws/echo?room=1`, { origin: WEB, headers: { 'x-request-id': 'ws-test-1' } });
    expect(await echo(o, 'hello')).toBe('hello');
    const seen = service.handshakes.at(-1)!;
    expect(seen.url).toBe('/echo?room=1');
    expect(seen.headers).toMatchObject({ 'x-forwarded-for': '127.0.0.1', 'x-forwarded-proto': 'http', 'x-request-id': 'ws-test-1', upgrade: 'websocket' });
    o.ws.close(1000);
    expect((await o.closed).code).toBe(1000);
    await eventually(async () => service.closes.includes(1000), 'the service to see the client close');
  });

  it('passes binary frames and the negotiated subprotocol end to end', async () => {
    const o = await open(`${ws}/ws/echo`, { origin: WEB, protocols: ['chat', 'other'] });
    expect(o.ws.protocol).toBe('chat');
    const got = new Promise<Buffer>((r) => o.ws.once('message', (m) => r(m as Buffer)));
    o.ws.send(Buffer.from([0, 1, 2, 255]));
    expect([...(await got)]).toEqual([0, 1, 2, 255]);
    o.ws.close();
  });

  it('a service close code reaches the client', async () => {
    const o = await open(`${ws}/ws/echo`, { origin: WEB });
    o.ws.send('close:4001');
    expect((await o.closed).code).toBe(4001);
  });

  it.each([
    ['a disallowed origin', EVIL],
    ['the right host on another scheme', 'https://localhost:7152'],
  ])('refuses %s with 403 before any service connection (cross-site WebSocket hijacking)', async (_name, origin) => {
    const before = service.handshakes.length;
    await expect(open(`${ws}/ws/echo`, { origin })).rejects.toMatchObject({ status: 403, body: expect.stringContaining('not allowed by this route') });
    expect(service.handshakes.length).toBe(before);
  });

  it('a client that is not a browser (no Origin) is not a cross-site page, and any-origin policies accept every page', async () => {
    expect(await echo(await open(`${ws}/ws/echo`), 'no-origin')).toBe('no-origin');
    expect(await echo(await open(`${ws}/ws/any`, { origin: EVIL }), 'any')).toBe('any');
  });

  it('auth: true refuses a handshake without a token (401, the envelope) and never reaches the service', async () => {
    const before = service.handshakes.length;
    const refused = open(`${ws}/ws/private`, { origin: WEB });
    await expect(refused).rejects.toMatchObject({ status: 401 });
    expect(JSON.parse((await refused.catch((e) => e)).body)).toMatchObject({ Success: false, Data: null });
    expect(service.handshakes.length).toBe(before);
  });

  it('auth: true accepts the token as Authorization or as a bearer.<token> subprotocol (browsers cannot set headers)', async () => {
    const token = await signAccessToken(key);
    const byHeader = await open(`${ws}/ws/private`, { origin: WEB, headers: { authorization: `Bearer ${token}` } });
    expect(await echo(byHeader, 'whoami')).toBe(`Bearer ${token}`);
    byHeader.ws.close();

    const byProtocol = await open(`${ws}/ws/private`, { origin: WEB, protocols: ['chat', `bearer.${token}`] });
    expect(byProtocol.ws.protocol).toBe('chat');
    expect(await echo(byProtocol, 'whoami')).toBe(`Bearer ${token}`);
    // The token travels as Authorization, not in the protocol list the service sees.
    expect(service.handshakes.at(-1)!.headers['sec-websocket-protocol']).toBe('chat');
    byProtocol.ws.close();

    const only = await open(`${ws}/ws/private`, { origin: WEB, protocols: [`bearer.${token}`] });
    expect(only.ws.protocol).toBe(`bearer.${token}`);
    expect(service.handshakes.at(-1)!.headers['sec-websocket-protocol']).toBeUndefined();
    only.ws.close();
  });

  it('a forged token in the subprotocol is refused with 401', async () => {
    const forged = await signAccessToken(await newSigningKey('k1'));
    await expect(open(`${ws}/ws/private`, { origin: WEB, protocols: [`bearer.${forged}`] })).rejects.toMatchObject({ status: 401 });
  });

  it('a route without "websocket": true refuses the upgrade with 400', async () => {
    await expect(open(`${ws}/http/only`, { origin: WEB })).rejects.toMatchObject({ status: 400, body: expect.stringContaining('does not accept WebSocket') });
  });

  it('the service down: the handshake fails cleanly with 503 and Retry-After, and the gateway keeps serving', async () => {
    await expect(open(`${ws}/ws/dead`, { origin: WEB })).rejects.toMatchObject({ status: 503, headers: expect.objectContaining({ 'retry-after': '5' }) });
    expect(await echo(await open(`${ws}/ws/echo`, { origin: WEB }), 'still up')).toBe('still up');
  });

  it('a connect failure is retried on another instance (nothing was sent)', async () => {
    expect(await echo(await open(`${ws}/ws/two`, { origin: WEB }), 'second instance')).toBe('second instance');
  });

  it('a service that refuses the upgrade: its status reaches the client', async () => {
    service.refuseWith = 404;
    try {
      await expect(open(`${ws}/ws/echo`, { origin: WEB })).rejects.toMatchObject({ status: 404, body: 'refused' });
    } finally {
      service.refuseWith = null;
    }
  });

  it('a gateway endpoint is not a WebSocket one, and h2c is not proxied', async () => {
    await expect(open(`${ws}/health`, { origin: WEB })).rejects.toMatchObject({ status: 404 });
    const answer = await rawUpgrade(gw.url, '/ws/echo', 'h2c');
    expect(answer).toMatch(/^HTTP\/1\.1 400 /);
    expect(answer).toContain('only WebSocket upgrades are proxied');
  });

  it('a service killed mid-connection closes the client (1006), and the gateway closes open tunnels on shutdown', async () => {
    const other = await new WebSocketUpstream().start();
    const second = await startGateway({
      config: {
        routes: [{ upstream: '/ws', downstream: '/', service: 'ws', websocket: true }],
        discovery: { services: { ws: [other.url] } },
      },
    });
    const url = second.url.replace('http:', 'ws:');
    const killed = await open(`${url}/ws`);
    const held = await open(`${url}/ws`);
    expect(await echo(held, 'x')).toBe('x');
    for (const s of [...other.sockets].slice(0, 1)) s.terminate();
    expect((await killed.closed).code).toBe(1006);
    await second.close(); // must not hang on the open tunnel
    expect((await held.closed).code).toBe(1006);
    await other.stop();
  });
});

/** A raw Upgrade request, for protocols the ws client cannot ask for. */
function rawUpgrade(base: string, path: string, protocol: string): Promise<string> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const socket: Socket = connect(Number(port), hostname, () => {
      socket.write(`GET ${path} HTTP/1.1\r\nHost: ${hostname}\r\nConnection: Upgrade\r\nUpgrade: ${protocol}\r\n\r\n`);
    });
    let text = '';
    socket.on('data', (c) => (text += c.toString()));
    socket.on('end', () => resolve(text));
    socket.on('error', reject);
  });
}
