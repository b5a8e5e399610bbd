import { resolveTls, TlsConfigError } from '@corsway/dev-certs';
import { devLogDestination } from '@corsway/dev-logs';
import { TracingConfigError } from '@corsway/tracing';
import pino from 'pino';
import { createGatewayApp } from './app/create-gateway-app';
import { GatewayConfigError } from './app/config/gateway-config.error';

async function bootstrap(): Promise<void> {
  const tls = await resolveTls(process.env);
  if (tls?.notice) console.log(tls.notice);
  const pretty = devLogDestination(process.env);
  // Development: the same logger as createGatewayLogger's, through pino-pretty (JSON otherwise).
  const logger = pretty && pino({ level: process.env['LOG_LEVEL'] || 'info', base: { app: 'gateway' } }, pretty);
  const app = await createGatewayApp({ https: tls?.options, logger: logger || undefined });
  const host = process.env['HOST'] || '0.0.0.0';
  const port = Number(process.env['PORT'] ?? 7204);
  await app.listen(port, host);
  const address = app.getHttpServer().address();
  const actualPort = typeof address === 'object' && address ? address.port : port;
  // The one line the e2e harness and `npm start` parse (libs/testing's startApp).
  console.log(`Listening on ${tls ? 'https' : 'http'}://${host === '0.0.0.0' ? 'localhost' : host}:${actualPort}`);
}

bootstrap().catch((err: unknown) => {
  if (err instanceof GatewayConfigError) console.error(`Gateway config error: ${err.message}`);
  else if (err instanceof TlsConfigError || err instanceof TracingConfigError) console.error(err.message);
  else console.error(err);
  process.exit(1);
});
