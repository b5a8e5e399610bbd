import { createServer, type RequestListener, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { connect as connectTls } from 'node:tls';
import { eventually } from '@corsway/testing';
import { generate } from 'selfsigned';
import { limitSlowReaders } from './slow-readers';

const LIMIT_MS = 600;
const BIG = 64 * 1024 * 1024; // more than the kernel buffers of both ends on loopback
const CHUNK = Buffer.alloc(64 * 1024, 'a');

/** How an answer ended, seen from the server: finished or not, and when its connection closed. */
interface Outcome {
  finished?: boolean;
  closedAfterMs?: number;
}

/** Sends `bytes` as fast as the client takes them. */
function sender(bytes: number, outcome: Outcome[]): RequestListener {
  return (_req, res) => {
    const started = performance.now();
    const seen: Outcome = {};
    outcome.push(seen);
    res.writeHead(200, { 'content-length': bytes });
    let sent = 0;
    const pump = () => {
      while (sent < bytes) {
        const chunk = CHUNK.subarray(0, Math.min(CHUNK.length, bytes - sent));
        sent += chunk.length;
        if (!res.write(chunk)) return void res.once('drain', pump);
      }
      res.end();
    };
    res.on('close', () => {
      seen.finished = res.writableFinished;
      seen.closedAfterMs = performance.now() - started;
    });
    pump();
  };
}

interface Reader {
  /** Bytes received, head included. */
  received: number;
  /** How the connection ended: 'reset' (ECONNRESET), 'closed', or still open (undefined). */
  ended?: 'reset' | 'closed';
}

/** Sends one GET on `socket` and follows the connection; `paced` reads a chunk, then pauses 20 ms. */
function read(socket: Socket, mode: 'paused' | 'paced' | 'eager'): Reader {
  const reader: Reader = { received: 0 };
  const end = (how: 'reset' | 'closed') => (reader.ended ??= how);
  socket.on('error', (err: NodeJS.ErrnoException) => end(err.code === 'ECONNRESET' ? 'reset' : 'closed'));
  socket.on('close', () => end('closed'));
  socket.on('data', (chunk: Buffer) => {
    reader.received += chunk.length;
    if (mode === 'paced') {
      socket.pause();
      setTimeout(() => socket.resume(), 20);
    }
  });
  const send = () => {
    socket.write('GET / HTTP/1.1\r\nHost: x\r\n\r\n');
    if (mode === 'paused') socket.pause();
  };
  if (socket.connecting) socket.once('connect', send);
  else send();
  return reader;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function listening(server: Server): Promise<number> {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return (server.address() as AddressInfo).port;
}

/**
 * Real servers on port 0 and real sockets: a client that stops reading is
 * reset once no byte of its answer has left for the limit; a client that
 * keeps reading, however slowly, an idle connection, and a slow handler are
 * left alone.
 */
describe('limitSlowReaders', () => {
  const servers: Server[] = [];
  const sockets: Socket[] = [];
  afterEach(async () => {
    for (const s of sockets.splice(0)) s.destroy();
    await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
  });

  async function start(listener: RequestListener): Promise<number> {
    const server = createServer(listener);
    limitSlowReaders(server, LIMIT_MS);
    servers.push(server);
    return listening(server);
  }

  it('resets a client that reads nothing of a large answer, within the limit and a sweep, and the answer ends unfinished', async () => {
    const outcome: Outcome[] = [];
    const port = await start(sender(BIG, outcome));
    const socket = connect(port, '127.0.0.1');
    sockets.push(socket);
    const reader = read(socket, 'paused');
    await eventually(() => outcome[0]?.closedAfterMs !== undefined, 'the answer to end', 5_000);
    expect(outcome[0].finished).toBe(false);
    expect(outcome[0].closedAfterMs).toBeGreaterThanOrEqual(LIMIT_MS);
    expect(outcome[0].closedAfterMs).toBeLessThan(LIMIT_MS + 1_000);
    // A paused socket learns that its connection is gone when it reads again.
    socket.resume();
    await eventually(() => reader.ended !== undefined, 'the client to see its connection end', 5_000);
    expect(reader.received).toBeLessThan(BIG);
  });

  it('keeps a client that reads slowly but steadily: the limit is on a stall, not on the whole answer', async () => {
    const outcome: Outcome[] = [];
    const bytes = 6 * 1024 * 1024;
    const port = await start(sender(bytes, outcome));
    const socket = connect(port, '127.0.0.1');
    sockets.push(socket);
    const started = performance.now();
    const reader = read(socket, 'paced');
    await eventually(() => outcome[0]?.finished !== undefined || reader.ended !== undefined, 'the answer to end', 20_000);
    expect(reader.ended).toBeUndefined();
    expect(outcome[0].finished).toBe(true);
    await eventually(() => reader.received > bytes, 'the answer to end', 5_000);
    expect(performance.now() - started).toBeGreaterThan(LIMIT_MS);
  });

  it('leaves an idle keep-alive connection and a request whose answer is slow to come alone', async () => {
    const port = await start((req, res) => {
      setTimeout(() => res.end('late'), req.url === '/slow' ? LIMIT_MS * 3 : 0);
    });
    const idle = connect(port, '127.0.0.1');
    const waiting = connect(port, '127.0.0.1');
    sockets.push(idle, waiting);
    const idleReader = read(idle, 'eager');
    let answer = '';
    waiting.on('data', (d) => (answer += d));
    waiting.write('GET /slow HTTP/1.1\r\nHost: x\r\n\r\n');
    await sleep(LIMIT_MS * 4);
    expect(idleReader.received).toBeGreaterThan(0);
    expect(idleReader.ended).toBeUndefined();
    expect(answer).toMatch(/^HTTP\/1\.1 200[\s\S]*late$/);
  });

  it('over TLS, resets a client that reads nothing', async () => {
    const pems = await generate([{ name: 'commonName', value: 'localhost' }], { keyType: 'ec', curve: 'P-256', algorithm: 'sha256' });
    const outcome: Outcome[] = [];
    const server = createHttpsServer({ key: pems.private, cert: pems.cert }, sender(BIG, outcome));
    limitSlowReaders(server, LIMIT_MS);
    servers.push(server);
    const port = await listening(server);
    const socket = connectTls({ port, host: '127.0.0.1', rejectUnauthorized: false });
    sockets.push(socket);
    await new Promise((r) => socket.once('secureConnect', r));
    const reader = read(socket, 'paused');
    await eventually(() => outcome[0]?.closedAfterMs !== undefined, 'the answer to end', 5_000);
    expect(outcome[0].finished).toBe(false);
    expect(outcome[0].closedAfterMs).toBeLessThan(LIMIT_MS + 1_000);
    socket.resume();
    await eventually(() => reader.ended !== undefined, 'the client to see its connection end', 5_000);
    expect(reader.received).toBeLessThan(BIG);
  });

  it('refuses a limit that is not a positive number', () => {
    expect(() => limitSlowReaders(createServer(), 0)).toThrow('sendTimeoutMs');
  });
});
