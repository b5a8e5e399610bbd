import { Catch, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { isDatabaseUnavailable } from '../persistence/database-unavailable';
import { ApiException } from './api.exception';
import { toEnvelopeError } from './error-envelope';

/** Every error of every route leaves as the envelope with a real status (README.md "The API contract"). */
@Catch()
export class EnvelopeExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  constructor(
    private readonly bodyLimit: number,
    private readonly docsServed = true,
  ) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const { status, body, headers } = toEnvelopeError(exception, this.bodyLimit, this.docsServed);
    // An ApiException is an answer we chose (e.g. 503 "busy" under a login flood): the access log has it;
    // a stack trace per refused request would only make a flood more expensive.
    if (exception instanceof ApiException) {
      // nothing more to log
    } else if (isDatabaseUnavailable(exception))
      this.logger.warn(`Database unavailable: ${(exception as Error)?.message ?? String(exception)}`);
    else if (status >= 500) this.logger.error(exception instanceof Error ? exception.stack : String(exception));
    if (reply.sent) return;
    reply.status(status).headers(headers).header('Content-Type', 'application/json; charset=utf-8').send(body);
  }
}
