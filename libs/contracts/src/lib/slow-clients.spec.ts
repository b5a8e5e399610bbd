import { createServer, type Server } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { limitSlowClients } from './slow-clients';

const LIMITS = { headersTimeoutMs: 500, requestTimeoutMs: 1_500, sendTimeoutMs: 60_000 };

/** Opens a connection, runs `send` on it, and resolves with what came back and when the server closed it. */
function exchange(port: number, send: (socket: Socket) => void): Promise<{ answer: string; closedAfterMs: number }> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const socket = connect(port, '127.0.0.1', () => send(socket));
    let answer = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk) => (answer += chunk));
    socket.on('close', () => resolve({ answer, closedAfterMs: Date.now() - started }));
    socket.on('error', reject);
  });
}

describe('limitSlowClients', () => {
  let server: Server;
  let port: number;
  const timers: NodeJS.Timeout[] = [];

  beforeAll(async () => {
    // Reads the body, as a route that accepts one would, and answers once it is complete.
    server = createServer((req, res) => {
      req.resume();
      req.on('end', () => res.end('done'));
    });
    limitSlowClients(server, LIMITS);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    timers.forEach(clearInterval);
    await new Promise<void>((r) => server.close(() => r()));
  });

  // Node's defaults would hold each of these for 60 s (headers) or 300 s (the request); the
  // check runs every second, so each ends within its limit plus about a second.
  it.each<[string, (socket: Socket) => void, number]>([
    ['a connection that never sends a request', () => undefined, LIMITS.headersTimeoutMs],
    [
      'headers trickled one line at a time',
      (s) => {
        s.write('GET / HTTP/1.1\r\nHost: x\r\n');
        timers.push(setInterval(() => s.writable && s.write('X-Slow: 1\r\n'), 200));
      },
      LIMITS.headersTimeoutMs,
    ],
    [
      'a body trickled one byte at a time',
      (s) => {
        s.write('POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n');
        timers.push(setInterval(() => s.writable && s.write('a'), 100));
      },
      LIMITS.requestTimeoutMs,
    ],
  ])('%s: 408 and closed within its limit', async (_what, send, limitMs) => {
    const { answer, closedAfterMs } = await exchange(port, send);
    expect(answer).toMatch(/^HTTP\/1\.1 408 /);
    expect(closedAfterMs).toBeGreaterThanOrEqual(limitMs - 50);
    expect(closedAfterMs).toBeLessThan(limitMs + 2_000);
  });

  it('leaves a prompt request alone', async () => {
    const { answer } = await exchange(port, (s) =>
      s.end('POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok'),
    );
    expect(answer).toMatch(/^HTTP\/1\.1 200 [\s\S]*done$/);
  });

  it('refuses a server already listening (the check period is read at listen) and headers allowed longer than the request', async () => {
    expect(() => limitSlowClients(server, LIMITS)).toThrow(/before the server listens/);
    expect(() => limitSlowClients(createServer(), { ...LIMITS, headersTimeoutMs: 2_000, requestTimeoutMs: 1_000 })).toThrow(
      /must not exceed/,
    );
  });
});
