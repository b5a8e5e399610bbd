import { limitSlowClients, SMALL_REQUEST_LIMITS, refuseConnectRequests, refuseUnsupportedExpectations } from '@corsway/contracts';
import { createMetricsRegistry } from '@corsway/metrics';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Logger } from 'nestjs-pino';
import { loadWebConfig, type WebConfig } from './config/web.config';
import { type CorsExplainer } from './diagnostics/cors-explainer';
import { countPageRenders } from './metrics/page-renders.metrics';
import { libraryCorsExplainer } from './diagnostics/library-cors-explainer';
import { cspNonceMiddleware, securityHeaders } from './security/security-headers';
import { serveStaticAssets } from './static/static-assets';
import { resolveAssetsDir } from './views/assets-dir';
import { configureViewEngine } from './views/view-engine';
import { WebAppModule } from './web-app.module';

export interface WebAppOptions {
  /** Environment to read the config from (default `process.env`). */
  readonly env?: NodeJS.ProcessEnv;
  /** Overrides applied after the environment was validated. */
  readonly config?: Partial<WebConfig>;
  /** Replaces the CORS library's probe (default: `probeCors` of `@corsway/cors`). */
  readonly corsExplainer?: CorsExplainer;
  /** Key and certificate (PEM) to listen on HTTPS (main.ts: libs/dev-certs); turns on HSTS. */
  readonly https?: { readonly key: string; readonly cert: string };
  /** Where logs go (main.ts: pino-pretty in development); stdout JSON by default. */
  readonly logStream?: NodeJS.WritableStream;
}

/**
 * Builds the web app (not listening). `main.ts` listens on the configured
 * port; tests call `listen(0, '127.0.0.1')`. A bad environment throws a
 * `WebConfigError` naming the variable before anything starts.
 */
export async function createWebApp(options: WebAppOptions = {}): Promise<NestExpressApplication> {
  const config: WebConfig = { ...loadWebConfig(options.env ?? process.env), ...options.config };
  const assetsDir = resolveAssetsDir();
  const metrics = createMetricsRegistry('web');
  const app = await NestFactory.create<NestExpressApplication>(
    WebAppModule.forRoot(config, options.corsExplainer ?? libraryCorsExplainer, metrics, options.logStream),
    // bodyParser false: no route of the web app reads a request body (its pages call the gateway
    // from the browser). With Nest's default parsers, any POST over 100 KB anywhere was a 500
    // (PayloadTooLargeError is not an HttpException) and an ERROR line in the log.
    { bufferLogs: true, bodyParser: false, ...(options.https && { httpsOptions: { ...options.https } }) },
  );
  app.useLogger(app.get(Logger));
  app.disable('x-powered-by');
  // Order matters: the nonce must exist before helmet builds the CSP header.
  app.use(cspNonceMiddleware);
  app.use(securityHeaders(config.gatewayOrigin, { https: !!options.https, production: (options.env ?? process.env)['NODE_ENV'] === 'production' }));
  serveStaticAssets(app, assetsDir);
  app.use(countPageRenders(metrics));
  configureViewEngine(app, assetsDir);
  // Nest's own error shape, as the web app's other JSON errors.
  refuseConnectRequests(app.getHttpServer(), (message) => ({ statusCode: 405, message, error: 'Method Not Allowed' }));
  refuseUnsupportedExpectations(app.getHttpServer(), (message) => ({ statusCode: 417, message, error: 'Expectation Failed' }));
  // Browsers reach the web app directly, not through the gateway's edge limits: a slowloris
  // held a connection 60 s with trickled headers, and 300 s with a trickled body.
  limitSlowClients(app.getHttpServer(), SMALL_REQUEST_LIMITS);
  app.enableShutdownHooks();
  return app;
}
