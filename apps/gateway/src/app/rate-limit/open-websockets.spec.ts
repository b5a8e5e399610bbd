import { eventually } from '@corsway/testing';
import { startGateway, type RunningGateway } from '../../testing/gateway-under-test.testing';
import { echoThrough, openWebSocket, type OpenedWebSocket } from '../../testing/websocket-client.testing';
import { WebSocketUpstream } from '../../testing/websocket-upstream.testing';

const WEB = 'http://localhost:7152';
const MAX = 3;

describe('clients.maxWebSockets: proxied WebSockets one client address may hold open', () => {
  const service = new WebSocketUpstream();
  let gw: RunningGateway;
  let url: string;
  const opened: OpenedWebSocket[] = [];

  beforeAll(async () => {
    await service.start();
    gw = await startGateway({
      config: {
        cors: { defaultPolicy: null, policies: { Web: { origins: [WEB] } } },
        routes: [{ upstream: '/ws/echo', downstream: '/echo', service: 'ws', methods: ['GET'], cors: 'Web', websocket: true }],
        discovery: { services: { ws: [service.url] } },
        clients: { maxWebSockets: MAX },
      },
    });
    url = `${gw.url.replace('http:', 'ws:')}/ws/echo`;
  });
  afterAll(async () => {
    for (const o of opened) o.ws.terminate();
    await gw?.close();
    await service.stop();
  });

  it(`holds ${MAX} open, refuses the next handshake with 429 before any connection to the service, and frees a slot when one closes`, async () => {
    for (let i = 0; i < MAX; i++) opened.push(await openWebSocket(url, { origin: WEB }));
    expect(await echoThrough(opened[0], 'still served')).toBe('still served');
    const handshakesBefore = service.handshakes.length;

    await expect(openWebSocket(url, { origin: WEB })).rejects.toMatchObject({
      status: 429,
      headers: expect.objectContaining({ 'retry-after': '1' }),
      body: expect.stringContaining(`at most ${MAX} at once per client`),
    });
    expect(service.handshakes.length).toBe(handshakesBefore);
    // The open tunnels are not disturbed by the refusal.
    expect(await echoThrough(opened[MAX - 1], 'after the refusal')).toBe('after the refusal');

    // A client that closes one may open another (the slot is released when its connection closes).
    const first = opened.shift() as OpenedWebSocket;
    first.ws.close(1000);
    await first.closed;
    const again = await eventually(async () => openWebSocket(url, { origin: WEB }).catch(() => undefined), 'a slot to be free again');
    opened.push(again);
    expect(await echoThrough(again, 'reopened')).toBe('reopened');
  });

  it('a handshake the service refuses holds no slot once its connection closes', async () => {
    for (const o of opened.splice(0)) {
      o.ws.close(1000);
      await o.closed;
    }
    service.refuseWith = 404;
    try {
      for (let i = 0; i < MAX + 2; i++) await expect(openWebSocket(url, { origin: WEB })).rejects.toMatchObject({ status: 404 });
    } finally {
      service.refuseWith = null;
    }
    // MAX + 2 refused handshakes later, the client still has all MAX slots, and no more.
    for (let i = 0; i < MAX; i++) opened.push(await eventually(async () => openWebSocket(url, { origin: WEB }).catch(() => undefined), `tunnel ${i + 1}`));
    await expect(openWebSocket(url, { origin: WEB })).rejects.toMatchObject({ status: 429 });
  });
});
