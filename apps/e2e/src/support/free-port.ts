import { createServer } from 'node:net';

/**
 * A port the OS considers free right now. Used once per system for the
 * gateway: the web app must know the gateway's URL before the gateway knows
 * the web app's origin (its CORS policies name it), so one side needs its
 * port in advance. `startSystem` retries if another process takes it first.
 */
export function reserveFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
