import { createGatewayApp } from './app/create-gateway-app';
import { GatewayConfigError } from './app/config/gateway-config.error';

async function bootstrap(): Promise<void> {
  const app = await createGatewayApp();
  const host = process.env['HOST'] || '0.0.0.0';
  const port = Number(process.env['PORT'] ?? 7204);
  await app.listen(port, host);
  const address = app.getHttpServer().address();
  const actualPort = typeof address === 'object' && address ? address.port : port;
  // The one line the e2e harness and `npm start` parse (docs/ARCHITECTURE.md "Running").
  console.log(`Listening on http://${host === '0.0.0.0' ? 'localhost' : host}:${actualPort}`);
}

bootstrap().catch((err: unknown) => {
  if (err instanceof GatewayConfigError) console.error(`Gateway config error: ${err.message}`);
  else console.error(err);
  process.exit(1);
});
