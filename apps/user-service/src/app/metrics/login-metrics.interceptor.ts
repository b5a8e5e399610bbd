import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { tap, type Observable } from 'rxjs';
import { loginOutcomeOf } from '../accounts/login-outcome';
import { LoginMetrics } from './login.metrics';

/**
 * Counts each login exactly once, however it ends. An interceptor because Nest
 * runs the body pipes inside it: a body refused by validation is seen here as
 * well as everything the handler decides.
 */
@Injectable()
export class LoginMetricsInterceptor implements NestInterceptor {
  constructor(private readonly metrics: LoginMetrics) {}

  intercept(_context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(
      tap({
        next: () => this.metrics.count('success'),
        error: (error: unknown) => this.metrics.count(loginOutcomeOf(error)),
      }),
    );
  }
}
