import { HttpException } from '@nestjs/common';

/**
 * An error that becomes the envelope `{Success:false, Message, Errors}` with
 * this status; `headers` (e.g. Retry-After) are written too.
 */
export class ApiException extends HttpException {
  constructor(
    status: number,
    message: string,
    readonly errors: Record<string, string[]> | null = null,
    readonly headers: Record<string, string> = {},
  ) {
    super(message, status);
  }
}

/** 429 with Retry-After (RFC 6585 §4). */
export function tooManyRequests(retryAfterSeconds: number, what: string): ApiException {
  return new ApiException(429, `Too many ${what}. Try again in ${retryAfterSeconds} seconds.`, null, {
    'Retry-After': String(retryAfterSeconds),
  });
}
