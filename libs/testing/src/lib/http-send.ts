import { request as httpRequest, type IncomingHttpHeaders, type OutgoingHttpHeaders } from 'node:http';
import type { Readable } from 'node:stream';

export interface TestResponse {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly text: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  json(): any;
}

/**
 * One request over node:http instead of fetch: tests must send headers fetch
 * forbids (Connection, Keep-Alive, TE, Host, Origin), paths fetch would
 * normalize (`%2e%2e`, `//`), and see every response header. A fresh
 * connection per request (no agent), so one test's sockets never serve another's.
 */
export function send(
  url: string,
  options: { method?: string; headers?: OutgoingHttpHeaders; body?: string | Buffer | Readable } = {},
): Promise<TestResponse> {
  return new Promise((resolve, reject) => {
    // Split by hand: WHATWG URL parsing would normalize `%2e%2e` segments away.
    const m = /^http:\/\/([^/:]+):(\d+)(\/.*)?$/.exec(url);
    if (!m) throw new Error(`unsupported test URL ${url}`);
    const target = { host: m[1], port: Number(m[2]), path: m[3] ?? '/' };
    const req = httpRequest({ ...target, method: options.method ?? 'GET', headers: options.headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', reject);
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json: () => JSON.parse(text) });
      });
    });
    req.on('error', reject);
    const body = options.body;
    if (body === undefined) req.end();
    else if (typeof body === 'string' || Buffer.isBuffer(body)) req.end(body);
    else body.pipe(req);
  });
}
