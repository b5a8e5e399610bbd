import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { AppModule } from '../app.module';
import { SERVICE_VERSION } from '../discovery/service-registrar';

/** OpenAPI at /docs (UI) and /docs-json (document); served only when `SWAGGER` is on. */
export function setupOpenApi(app: NestFastifyApplication): void {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('corsway user-service')
      .setDescription(
        'Accounts, sessions and tokens. Every response except the JWKS is the envelope {Success, Data, Message, Errors}.',
      )
      .setVersion(SERVICE_VERSION)
      .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' })
      .addCookieAuth('refresh_token')
      .build(),
    // The API is AppModule's controllers; MetricsModule's /metrics is for Prometheus, not an API route.
    { include: [AppModule] },
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json', yamlDocumentUrl: 'docs-yaml' });
}
