import { DisableCors } from '@corsway/cors';
import { Controller, Get, Inject, StreamableFile } from '@nestjs/common';
import type { Registry } from 'prom-client';
import { METRICS_REGISTRY } from './metrics.constants';

/**
 * `GET /metrics` on the app's own port, in the Prometheus text format
 * (Prometheus exposition format, "Text-based format"). No CORS: a scraper is
 * not a browser, and no page may read it cross-origin. An app with an OpenAPI
 * document leaves MetricsModule out of it (apps/user-service/src/app/http/openapi.ts):
 * /metrics is not part of its API, and this lib does not depend on @nestjs/swagger.
 */
@DisableCors()
@Controller()
export class MetricsController {
  constructor(@Inject(METRICS_REGISTRY) private readonly registry: Registry) {}

  @Get('metrics')
  async metrics(): Promise<StreamableFile> {
    const body = Buffer.from(await this.registry.metrics(), 'utf8');
    // A StreamableFile, not a string: both adapters then send the registry's Content-Type as it is
    // (Express would rewrite a string reply's type, moving its charset parameter), and no JSON filter or
    // serialiser of the app touches the body.
    return new StreamableFile(body, { type: this.registry.contentType, length: body.length });
  }
}
