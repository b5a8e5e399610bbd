import { createServer, type Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { isApiEnvelope } from './api-envelope';
import { envelopeClientErrorHandler, refuseConnectRequests } from './client-error.handler';

/** Sends raw bytes and resolves with everything the server wrote back. */
function rawExchange(port: number, request: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.end(request));
    let answer = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk) => (answer += chunk));
    socket.on('end', () => resolve(answer));
    socket.on('error', reject);
  });
}

describe('envelopeClientErrorHandler', () => {
  let server: Server;
  let port: number;

  beforeAll(async () => {
    server = createServer((_req, res) => res.end('route reached'));
    server.on('clientError', envelopeClientErrorHandler);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it.each([
    ['oversize headers', `GET / HTTP/1.1\r\nHost: x\r\nX-Pad: ${'p'.repeat(20 * 1024)}\r\n\r\n`, 431, /headers are too large/],
    ['broken HTTP', 'NOT-HTTP\r\n\r\n', 400, /not valid HTTP/],
  ])('answers %s with its status and the envelope', async (_name, request, status, message) => {
    const answer = await rawExchange(port, request);
    const [head, body] = answer.split('\r\n\r\n');
    expect(head.split('\r\n')[0]).toBe(`HTTP/1.1 ${status} ${status === 431 ? 'Request Header Fields Too Large' : 'Bad Request'}`);
    const parsed = JSON.parse(body);
    expect(isApiEnvelope(parsed)).toBe(true);
    expect(parsed.Success).toBe(false);
    expect(parsed.Message).toMatch(message);
  });
});

describe('refuseConnectRequests', () => {
  let server: Server;
  let port: number;

  beforeAll(async () => {
    server = createServer((_req, res) => res.end('route reached'));
    refuseConnectRequests(server);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it.each(['evil.example:443', '/user/login'])('answers CONNECT %s with 405 and the envelope, then closes', async (target) => {
    const answer = await rawExchange(port, `CONNECT ${target} HTTP/1.1\r\nHost: ${target}\r\n\r\n`);
    const [head, body] = answer.split('\r\n\r\n');
    expect(head.split('\r\n')[0]).toBe('HTTP/1.1 405 Method Not Allowed');
    expect(head).toContain('Connection: close');
    expect(JSON.parse(body)).toEqual({ Success: false, Data: null, Errors: null, Message: `CONNECT ${target} is not served: this server opens no tunnels. Send plain HTTP requests to its paths.` });
  });
});
