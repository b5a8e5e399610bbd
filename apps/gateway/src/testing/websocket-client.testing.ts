import { eventually } from '@corsway/testing';
import { WebSocket } from 'ws';

export interface OpenedWebSocket {
  readonly ws: WebSocket;
  readonly messages: string[];
  readonly closed: Promise<{ code: number }>;
}

/** Opens a WebSocket and waits for the handshake; rejects with the refusal's status, body and headers. */
export function openWebSocket(url: string, options: { origin?: string; protocols?: string[]; headers?: Record<string, string> } = {}): Promise<OpenedWebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, options.protocols ?? [], { origin: options.origin, headers: options.headers });
    const messages: string[] = [];
    ws.on('message', (m) => messages.push(m.toString()));
    const closed = new Promise<{ code: number }>((r) => ws.on('close', (code) => r({ code })));
    ws.on('open', () => resolve({ ws, messages, closed }));
    ws.on('unexpected-response', (_req, res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => reject(Object.assign(new Error(`refused ${res.statusCode}`), { status: res.statusCode, body, headers: res.headers })));
    });
    ws.on('error', reject);
  });
}

/** Sends `text` and resolves with the next message that comes back. */
export async function echoThrough(o: OpenedWebSocket, text: string): Promise<string> {
  const before = o.messages.length;
  o.ws.send(text);
  await eventually(async () => o.messages.length > before, `an answer to ${text}`);
  return o.messages[before];
}
