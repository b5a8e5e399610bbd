import { createUserServiceApp, listenUserService } from './app/create-user-service-app';

async function bootstrap(): Promise<void> {
  const port = Number(process.env['PORT'] || 7101);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`Invalid configuration PORT: "${process.env['PORT']}" is not a port number`);
  const app = await createUserServiceApp();
  const url = await listenUserService(app, port, process.env['HOST'] || '0.0.0.0');
  // The one stdout line the e2e harness and `npm start` wait for.
  console.log(`Listening on ${url}`);
}

bootstrap().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
