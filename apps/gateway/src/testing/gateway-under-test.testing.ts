import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import pino from 'pino';
import { createGatewayApp } from '../app/create-gateway-app';
import type { GatewayAppOptions } from '../app/gateway-app.options';

export interface RunningGateway {
  readonly app: NestFastifyApplication;
  readonly url: string;
  close(): Promise<void>;
}

/** The real gateway app, listening on 127.0.0.1:0, quiet unless LOG_LEVEL is set. */
export async function startGateway(options: GatewayAppOptions): Promise<RunningGateway> {
  const app = await createGatewayApp({
    logger: pino({ level: process.env['LOG_LEVEL'] ?? 'silent' }),
    env: { ...options.env },
    watchConfig: false,
    ...options,
  });
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { app, url: `http://127.0.0.1:${port}`, close: () => app.close() };
}

/** A config object with one route table and static discovery; CORS off unless given. */
export function testConfig(services: Record<string, string[]>, routes: unknown[], extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    cors: { defaultPolicy: null, policies: {} },
    routes,
    discovery: { provider: 'static', services },
    ...extra,
  };
}
