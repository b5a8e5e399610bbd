import { createServer } from 'node:net';

/**
 * A port the OS considers free right now (bound on 127.0.0.1, then released):
 * for a server that must know its port before it starts (the e2e system's
 * gateway, whose URL the web app needs first; a test's own redis-server), or
 * an address nothing listens on. Another process may take it in between;
 * callers that start a server on it retry or fail loudly.
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
