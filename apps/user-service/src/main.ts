import { resolveTls } from '@corsway/dev-certs';
import { devLogDestination } from '@corsway/dev-logs';
import { createUserServiceApp, listenUserService } from './app/create-user-service-app';

async function bootstrap(): Promise<void> {
  const port = Number(process.env['PORT'] || 7101);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`Invalid configuration PORT: "${process.env['PORT']}" is not a port number`);
  const tls = await resolveTls(process.env);
  if (tls?.notice) console.log(tls.notice);
  const app = await createUserServiceApp({ https: tls?.options, logStream: devLogDestination(process.env) });
  const url = await listenUserService(app, port, process.env['HOST'] || '0.0.0.0');
  // The one stdout line the e2e harness and `npm start` wait for (libs/testing's startApp).
  console.log(`Listening on ${url}`);
}

bootstrap().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
