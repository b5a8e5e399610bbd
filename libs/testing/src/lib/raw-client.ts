import { connect, type Socket } from 'node:net';
import { eventually } from './eventually';

/** A raw TCP client for what HTTP clients will not do: trickle, stall, bind another loopback address. */
export class RawClient {
  readonly socket: Socket;
  private text = '';
  readonly closed: Promise<void>;

  private constructor(socket: Socket) {
    this.socket = socket;
    socket.on('data', (c) => (this.text += c.toString('latin1')));
    socket.on('error', () => undefined);
    this.closed = new Promise((resolve) => socket.once('close', () => resolve()));
  }

  /** Connects to `base` (http://host:port), from `localAddress` when given (any 127.x address works on Linux). */
  static open(base: string, localAddress?: string): Promise<RawClient> {
    const { hostname, port } = new URL(base);
    return new Promise((resolve, reject) => {
      const socket = connect({ host: hostname, port: Number(port), localAddress }, () => resolve(new RawClient(socket)));
      socket.once('error', reject);
    });
  }

  write(text: string): void {
    if (!this.socket.destroyed) this.socket.write(text);
  }

  /** Writes `body` one byte every `everyMs` until done or the socket closes. */
  trickle(body: string, everyMs: number): void {
    let i = 0;
    const tick = setInterval(() => {
      if (this.socket.destroyed || i >= body.length) return clearInterval(tick);
      this.socket.write(body[i++]);
    }, everyMs);
    this.socket.once('close', () => clearInterval(tick));
  }

  /**
   * A slowloris: sends `requestLine` and then header lines one byte every
   * 250 ms (they never end), and waits up to `waitMs` for the server to close
   * the connection. Resolves with the client (`status`, `json()` read the
   * answer) and the milliseconds until the close, or Infinity when the
   * connection was still open (it is closed here then: a connection left open
   * would keep the server's close() waiting).
   */
  static async trickleHeaders(base: string, requestLine: string, waitMs: number): Promise<{ raw: RawClient; closedAfterMs: number }> {
    const started = Date.now();
    const raw = await RawClient.open(base);
    raw.write(`${requestLine}\r\nHost: x\r\n`);
    raw.trickle('X-Slow: 1\r\n'.repeat(100), 250);
    let timer: NodeJS.Timeout | undefined;
    const closed = await Promise.race([
      raw.closed.then(() => true),
      new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), waitMs))),
    ]);
    clearTimeout(timer);
    raw.destroy();
    return { raw, closedAfterMs: closed ? Date.now() - started : Number.POSITIVE_INFINITY };
  }

  /**
   * On one connection: a POST of a `bytes`-long body (Content-Length framed) to
   * `postPath`, then a GET of `getPath`; resolves with the two answers' status
   * lines (`HTTP/1.1 413`, ...) once both came. A server that refuses the body
   * must still read it for the GET to be answered at all.
   */
  static async postThenGet(base: string, postPath: string, bytes: number, getPath: string): Promise<string[]> {
    const raw = await RawClient.open(base);
    try {
      raw.write(`POST ${postPath} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${bytes}\r\n\r\n`);
      raw.write('a'.repeat(bytes));
      raw.write(`GET ${getPath} HTTP/1.1\r\nHost: x\r\n\r\n`);
      await eventually(async () => raw.statusLines.length === 2, 'two answers on one connection');
      return raw.statusLines;
    } finally {
      raw.destroy();
    }
  }

  /** The status line of every response received so far, in order. */
  get statusLines(): string[] {
    return this.text.match(/HTTP\/1\.[01] \d{3}/g) ?? [];
  }

  /** Everything received so far. */
  get received(): string {
    return this.text;
  }

  /** The status code of the first response received, once there is one. */
  get status(): number | null {
    const m = /^HTTP\/1\.1 (\d{3})/.exec(this.text);
    return m ? Number(m[1]) : null;
  }

  /** The body of the (complete) first response, de-chunked when it was sent chunked. */
  get body(): string {
    const raw = this.text.slice(this.text.indexOf('\r\n\r\n') + 4);
    if (this.header('transfer-encoding')?.toLowerCase() !== 'chunked') return raw;
    let out = '';
    for (let at = 0; ; ) {
      const eol = raw.indexOf('\r\n', at);
      const size = parseInt(raw.slice(at, eol), 16);
      if (!(size > 0)) return out;
      out += raw.slice(eol + 2, eol + 2 + size);
      at = eol + 2 + size + 2;
    }
  }

  /** The JSON body of the first response. */
  json(): unknown {
    return JSON.parse(this.body);
  }

  header(name: string): string | undefined {
    const head = this.text.slice(0, this.text.indexOf('\r\n\r\n'));
    const line = head.split('\r\n').find((l) => l.toLowerCase().startsWith(`${name.toLowerCase()}:`));
    return line?.slice(name.length + 1).trim();
  }

  destroy(): void {
    this.socket.destroy();
  }
}
