import { RawClient } from '@corsway/testing';
import { startGateway, type RunningGateway } from '../../testing/gateway-under-test.testing';
import { UpstreamServer } from '../../testing/upstream-server.testing';
import { WebSocketUpstream } from '../../testing/websocket-upstream.testing';

// Requests a reverse proxy must not pass on, each sent raw: an envelope saying
// what is wrong, the connection closed after it, and no service sees a byte.
describe('request forms the gateway refuses', () => {
  const http = new UpstreamServer('http');
  const ws = new WebSocketUpstream();
  let gw: RunningGateway;

  async function refused(request: string, status: number, message: RegExp): Promise<RawClient> {
    const raw = await RawClient.open(gw.url);
    raw.write(request);
    await raw.closed;
    expect(raw.status).toBe(status);
    expect(raw.json()).toEqual({ Success: false, Data: null, Errors: null, Message: expect.stringMatching(message) });
    expect(http.seen).toEqual([]);
    expect(ws.handshakes).toEqual([]);
    return raw;
  }

  beforeAll(async () => {
    await Promise.all([http.start(), ws.start()]);
    gw = await startGateway({
      config: {
        routes: [
          { upstream: '/svc/{everything}', downstream: '/{everything}', service: 'http' },
          { upstream: '/ws/echo', downstream: '/echo', service: 'ws', methods: ['GET'], websocket: true },
        ],
        discovery: { services: { http: [http.url], ws: [ws.url] } },
      },
    });
  });
  afterAll(async () => {
    await gw?.close();
    await Promise.all([http.stop(), ws.stop()]);
  });

  // Framing two parsers could read differently (RFC 9112 §6.1, §6.3): a proxy that
  // forwarded one would let a second request hide in the first one's body.
  const LOGIN = 'POST /svc/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n';
  it.each([
    ['Content-Length and Transfer-Encoding both', `${LOGIN}Content-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\nGET /svc/me HTTP/1.1\r\nHost: x\r\n\r\n`],
    ['two different Content-Lengths', `${LOGIN}Content-Length: 2\r\nContent-Length: 40\r\n\r\n{}`],
    ['a Transfer-Encoding other than chunked', `${LOGIN}Transfer-Encoding: xchunked\r\n\r\n{}`],
    ['a folded header line (obs-fold)', 'GET /svc/x HTTP/1.1\r\nHost: x\r\nX-A: 1\r\n  continued\r\n\r\n'],
    ['a space in a header name', 'GET /svc/x HTTP/1.1\r\nHost: x\r\nBad Header: 1\r\n\r\n'],
    ['lines ended by LF alone', 'GET /svc/x HTTP/1.1\nHost: x\n\n'],
  ])('%s: 400, not valid HTTP', async (_name, request) => {
    await refused(request, 400, /The request is not valid HTTP/);
  });

  // CONNECT asks for a tunnel (RFC 9110 §9.3.6); the gateway opens none. (Node
  // closed such connections without an answer.)
  it.each<[string, string, number, RegExp]>([
    ['a host and port (a forward proxy\'s tunnel)', 'evil.example:443', 400, /request target must be a path/],
    ['a route that takes every method', '/svc/x', 405, /CONNECT cannot open a connection through the gateway; a WebSocket handshake is a GET/],
    ['a WebSocket route, with Upgrade: websocket', '/ws/echo', 405, /CONNECT is not allowed on \/ws\/echo; use GET/],
  ])('%s (CONNECT %s): %i', async (_name, target, status, message) => {
    const raw = await refused(`CONNECT ${target} HTTP/1.1\r\nHost: evil.example:443\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n`, status, message);
    expect(raw.header('x-request-id')).toBeTruthy();
  });
});
