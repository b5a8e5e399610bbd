import type { NestExpressApplication } from '@nestjs/platform-express';
import type { AddressInfo } from 'node:net';
import { createWebApp, type WebAppOptions } from '../create-web-app';

/** The real web app on a free port, for tests that speak HTTP to it. */
export interface WebTestServer {
  readonly app: NestExpressApplication;
  readonly url: string;
  close(): Promise<void>;
}

export async function startWebTestServer(options: WebAppOptions = {}): Promise<WebTestServer> {
  const app = await createWebApp({ ...options, env: { LOG_LEVEL: 'silent', ...options.env } });
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as AddressInfo;
  return { app, url: `${options.https ? 'https' : 'http'}://127.0.0.1:${port}`, close: () => app.close() };
}
