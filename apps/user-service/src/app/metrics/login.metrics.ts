import { METRICS_REGISTRY } from '@corsway/metrics';
import { Inject, Injectable } from '@nestjs/common';
import { Counter, type Registry } from 'prom-client';
import { LOGIN_OUTCOMES, type LoginOutcome } from '../accounts/login-outcome';

/** `user_service_logins_total{outcome}`; LoginMetricsInterceptor counts every login request once. */
@Injectable()
export class LoginMetrics {
  private readonly logins: Counter<'outcome'>;

  constructor(@Inject(METRICS_REGISTRY) registry: Registry) {
    this.logins = new Counter({
      name: 'user_service_logins_total',
      help:
        'POST /user/login requests by how they ended: success (200), invalid_request (400 bad body, or 403 unknown ClientId), ' +
        'bad_credentials (401), locked (403, including the failure that locked), throttled (429), ' +
        'busy (503 password-hash queue full), error (database unavailable or internal error). ' +
        'Requests refused before the handler (415, 413, malformed JSON) are not counted.',
      labelNames: ['outcome'],
      registers: [registry],
    });
    // Every outcome is a series from the start: a rate() over a series that appears later misses its first step.
    for (const outcome of LOGIN_OUTCOMES) this.logins.inc({ outcome }, 0);
  }

  count(outcome: LoginOutcome): void {
    this.logins.inc({ outcome });
  }
}
