import { resolveTls } from '@corsway/dev-certs';
import { devLogDestination } from '@corsway/dev-logs';
import { createWebApp } from './app/create-web-app';
import { loadWebConfig } from './app/config/web.config';

async function bootstrap(): Promise<void> {
  const config = loadWebConfig();
  const tls = await resolveTls(process.env);
  if (tls?.notice) console.log(tls.notice);
  const app = await createWebApp({ config, https: tls?.options, logStream: devLogDestination(process.env) });
  await app.listen(config.port, config.host);
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const host = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  // The one line scripts/start.mjs and the e2e harness wait for (libs/testing's startApp).
  console.log(`Listening on ${tls ? 'https' : 'http'}://${host}:${port}`);
}

bootstrap().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
