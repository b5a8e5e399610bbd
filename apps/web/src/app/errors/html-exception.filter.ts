import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, HttpStatus, Inject, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { WebConfig } from '../config/web.config';
import { WEB_CONFIG } from '../config/web-config.token';
import { errorViewModel } from './error.view-model';

/**
 * Browsers navigating to a missing or failing page get the layout with a
 * readable message (the seed's Error view); API-style callers (the
 * diagnostics script, curl) keep Nest's JSON body.
 */
@Catch()
export class HtmlExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('Web');

  constructor(@Inject(WEB_CONFIG) private readonly config: WebConfig) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const req = http.getRequest<Request>();
    const res = http.getResponse<Response>();
    const status = exception instanceof HttpException ? exception.getStatus() : HttpStatus.INTERNAL_SERVER_ERROR;
    if (status >= 500) this.logger.error(exception instanceof Error ? exception.stack : String(exception));
    if (res.headersSent) return;

    const wantsHtml = req.method === 'GET' && req.accepts(['json', 'html']) === 'html';
    if (wantsHtml) {
      res.status(status).render('shared/error', errorViewModel(this.config, status));
      return;
    }
    const body =
      exception instanceof HttpException
        ? exception.getResponse()
        : { statusCode: status, message: 'Internal server error' };
    res.status(status).json(typeof body === 'string' ? { statusCode: status, message: body } : body);
  }
}
