import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** An upstream that holds every request `delayMs` before answering 200 (a hung dependency). */
export async function startSlowUpstream(delayMs: number): Promise<{ url: string; received: () => number; stop(): Promise<void> }> {
  let received = 0;
  const timers = new Set<NodeJS.Timeout>();
  const server: Server = createServer((req, res) => {
    received += 1;
    const timer = setTimeout(() => {
      timers.delete(timer);
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"Success":true,"Data":null,"Message":"slow","Errors":null}');
    }, delayMs);
    timers.add(timer);
    req.on('close', () => clearTimeout(timer));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received: () => received,
    stop: async () => {
      for (const t of timers) clearTimeout(t);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
