import { METRICS_REGISTRY } from '@corsway/metrics';
import { Inject, Injectable } from '@nestjs/common';
import { Counter, type Registry } from 'prom-client';

/** Refresh-token rotation counters (tokens/refresh-token.service.ts, RFC 9700 §4.14.2). */
@Injectable()
export class RefreshMetrics {
  private readonly rotations: Counter;
  private readonly reuses: Counter;

  constructor(@Inject(METRICS_REGISTRY) registry: Registry) {
    this.rotations = new Counter({
      name: 'user_service_refresh_rotations_total',
      help: 'Refresh tokens rotated: consumed and replaced by a successor (POST /user/refresh).',
      registers: [registry],
    });
    this.reuses = new Counter({
      name: 'user_service_refresh_token_reuse_total',
      help:
        'Refresh-token reuse detected: a consumed token presented again after the concurrent-refresh leeway, ' +
        'so its whole family was revoked. A parallel duplicate within the leeway is not counted.',
      registers: [registry],
    });
  }

  rotated(): void {
    this.rotations.inc();
  }

  reuseDetected(): void {
    this.reuses.inc();
  }
}
