import { ok, type ApiEnvelope } from '@corsway/contracts';
import { Controller, Get } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, type HealthCheckResult } from '@nestjs/terminus';
import { ApiEnvelopeResponse } from '../http/api-envelope.openapi';
import { ApiException } from '../http/api.exception';
import { DatabaseHealthIndicator } from './database.health';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: DatabaseHealthIndicator,
  ) {}

  @Get()
  @HealthCheck({ swaggerDocumentation: false })
  @ApiEnvelopeResponse(200, 'Healthy; Data is the terminus report')
  @ApiEnvelopeResponse(503, 'The database does not answer')
  async check(): Promise<ApiEnvelope<HealthCheckResult>> {
    try {
      return ok(await this.health.check([() => this.database.check('database')]), 'Healthy.');
    } catch {
      throw new ApiException(
        503,
        'Unhealthy: the database does not answer. Check DATABASE_URL and that the database is up.',
      );
    }
  }
}
