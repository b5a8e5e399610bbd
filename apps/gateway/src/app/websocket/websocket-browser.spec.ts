import { launchChromium } from '@corsway/cors/testing';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { startGateway, type RunningGateway } from '../../testing/gateway-under-test.testing';
import { JwksUpstream, newSigningKey, signAccessToken, type SigningKey } from '../../testing/jwks-server.testing';
import { closedPortUrl } from '../../testing/upstream-server.testing';
import { eventually } from '@corsway/testing';
import { WebSocketUpstream } from '../../testing/websocket-upstream.testing';

interface PageSocketLog {
  events: string[];
  messages: string[];
  closeCode: number | null;
  protocol: string;
}

/** What the page scripts below see of the page's globals (the spec compiles without the DOM lib). */
interface PageSocket {
  readonly protocol: string;
  onopen: () => void;
  onerror: () => void;
  onmessage: (e: { data: unknown }) => void;
  onclose: (e: { code: number }) => void;
  send(data: string): void;
  close(code?: number): void;
}
interface PageGlobals {
  WebSocket: new (url: string, protocols: string[]) => PageSocket;
  socket: PageSocket;
  socketLog: PageSocketLog;
}

/**
 * Real Chromium pages on two origins (the same page server as localhost and
 * as 127.0.0.1) open WebSockets through the gateway to a real `ws` service.
 * Browsers never apply CORS to WebSockets: only the gateway's Origin check
 * stands between a cross-site page and the service.
 */
describe('WebSocket proxying from Chromium pages', () => {
  const service = new WebSocketUpstream();
  const users = new JwksUpstream();
  let key: SigningKey;
  let pages: Server;
  let allowedOrigin: string;
  let otherOrigin: string;
  let gw: RunningGateway;
  let browser: Browser;

  beforeAll(async () => {
    key = await newSigningKey('k1');
    users.published = [key.publicJwk];
    await Promise.all([service.start(), users.start()]);
    pages = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<!doctype html><title>ws page</title>');
    });
    await new Promise<void>((r) => pages.listen(0, '127.0.0.1', r));
    const port = (pages.address() as AddressInfo).port;
    allowedOrigin = `http://localhost:${port}`;
    otherOrigin = `http://127.0.0.1:${port}`;
    gw = await startGateway({
      jwksCooldownMs: 0,
      config: {
        cors: { defaultPolicy: null, policies: { Page: { origins: [allowedOrigin], credentials: true } } },
        routes: [
          { upstream: '/ws/echo', downstream: '/echo', service: 'ws', cors: 'Page', websocket: true },
          { upstream: '/ws/private', downstream: '/private', service: 'ws', cors: 'Page', websocket: true, auth: true },
          { upstream: '/ws/down', downstream: '/down', service: 'down', cors: 'Page', websocket: true },
        ],
        discovery: { services: { ws: [service.url], down: [await closedPortUrl()], 'user-service': [users.url] } },
      },
    });
    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await gw?.close();
    await new Promise((r) => pages?.close(r));
    await Promise.all([service.stop(), users.stop()]);
  });

  async function pageOn(origin: string): Promise<Page> {
    const page = await browser.newPage();
    await page.goto(`${origin}/`);
    return page;
  }

  /** Opens `new WebSocket(url, protocols)` in the page; the log fills as events arrive. */
  async function openIn(page: Page, path: string, protocols: string[] = []): Promise<void> {
    const url = `${gw.url.replace('http:', 'ws:')}${path}`;
    await page.evaluate(
      ([u, p]) => {
        const log = { events: [] as string[], messages: [] as string[], closeCode: null as number | null, protocol: '' };
        const g = globalThis as unknown as PageGlobals;
        const ws = new g.WebSocket(u as string, p as string[]);
        ws.onopen = () => {
          log.events.push('open');
          log.protocol = ws.protocol;
        };
        ws.onerror = () => log.events.push('error');
        ws.onmessage = (e) => log.messages.push(String(e.data));
        ws.onclose = (e) => {
          log.events.push('close');
          log.closeCode = e.code;
        };
        g.socket = ws;
        g.socketLog = log;
      },
      [url, protocols] as const,
    );
  }
  const logOf = (page: Page) => page.evaluate(() => (globalThis as unknown as PageGlobals).socketLog);
  const waitFor = (page: Page, what: (log: PageSocketLog) => boolean, label: string) =>
    eventually(async () => what(await logOf(page)), label);

  it('an allowed origin: open, echo, then the page closes and the service sees it', async () => {
    const page = await pageOn(allowedOrigin);
    await openIn(page, '/ws/echo');
    await waitFor(page, (l) => l.events.includes('open'), 'open');
    await page.evaluate(() => (globalThis as unknown as PageGlobals).socket.send('from the page'));
    await waitFor(page, (l) => l.messages.includes('from the page'), 'the echo');
    expect(service.handshakes.at(-1)!.headers.origin).toBe(allowedOrigin);
    const closesBefore = service.closes.filter((c) => c === 1000).length;
    await page.evaluate(() => (globalThis as unknown as PageGlobals).socket.close(1000));
    await waitFor(page, (l) => l.closeCode === 1000, 'the page close');
    await eventually(async () => service.closes.filter((c) => c === 1000).length > closesBefore, 'the service to see the close');
    await page.close();
  });

  it('the service closes: the page gets its close code', async () => {
    const page = await pageOn(allowedOrigin);
    await openIn(page, '/ws/echo');
    await waitFor(page, (l) => l.events.includes('open'), 'open');
    await page.evaluate(() => (globalThis as unknown as PageGlobals).socket.send('close:4002'));
    await waitFor(page, (l) => l.closeCode !== null, 'close');
    expect((await logOf(page)).closeCode).toBe(4002);
    await page.close();
  });

  it('a disallowed origin never opens, and the service never sees a handshake', async () => {
    const before = service.handshakes.length;
    const page = await pageOn(otherOrigin);
    await openIn(page, '/ws/echo');
    await waitFor(page, (l) => l.events.includes('close'), 'close');
    const log = await logOf(page);
    expect(log.events).toEqual(['error', 'close']);
    expect(log.closeCode).toBe(1006);
    expect(service.handshakes.length).toBe(before);
    await page.close();
  });

  it('auth from a page: the access token as a bearer.<token> subprotocol', async () => {
    const token = await signAccessToken(key);
    const page = await pageOn(allowedOrigin);
    await openIn(page, '/ws/private', [`bearer.${token}`]);
    await waitFor(page, (l) => l.events.includes('open'), 'open');
    expect((await logOf(page)).protocol).toBe(`bearer.${token}`);
    await page.evaluate(() => (globalThis as unknown as PageGlobals).socket.send('whoami'));
    await waitFor(page, (l) => l.messages.includes(`Bearer ${token}`), 'the service to see the token as Authorization');
    await openIn(page, '/ws/private');
    await waitFor(page, (l) => l.events.includes('close'), 'the refusal without a token');
    expect((await logOf(page)).events).not.toContain('open');
    await page.close();
  });

  it('the service down: the handshake fails cleanly in the page, and the next one through a live route works', async () => {
    const page = await pageOn(allowedOrigin);
    await openIn(page, '/ws/down');
    await waitFor(page, (l) => l.events.includes('close'), 'close');
    expect((await logOf(page)).events).toEqual(['error', 'close']);
    await openIn(page, '/ws/echo');
    await waitFor(page, (l) => l.events.includes('open'), 'open after the failure');
    await page.close();
  });
});
