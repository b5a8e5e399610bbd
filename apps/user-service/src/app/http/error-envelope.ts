import { fail, type ApiEnvelope } from '@corsway/contracts';
import { HttpException } from '@nestjs/common';
import { errorCodes } from 'fastify';
import { isDatabaseUnavailable } from '../persistence/database-unavailable';
import { ApiException } from './api.exception';

export interface EnvelopeError {
  status: number;
  body: ApiEnvelope<null>;
  headers: Record<string, string>;
}

// Fastify's own request errors (body parsing happens before Nest sees the request),
// mapped to messages that say what to fix.
const FASTIFY_MESSAGES: Record<string, (limit: number) => string> = {
  FST_ERR_CTP_INVALID_JSON_BODY: () =>
    'The request body is not valid JSON. Send a JSON object with Content-Type: application/json.',
  FST_ERR_CTP_EMPTY_JSON_BODY: () =>
    'The request body is empty but Content-Type is application/json. Send a JSON object.',
  FST_ERR_CTP_BODY_TOO_LARGE: (limit) => `The request body is larger than ${limit} bytes. Send a smaller body.`,
  FST_ERR_CTP_INVALID_MEDIA_TYPE: () => 'Unsupported Content-Type. Send the body as application/json.',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: () => 'Content-Length does not match the body that was sent.',
};

// Nest turns Fastify's errors into HttpException(message, status), dropping the code;
// recognise them by Fastify's (fixed) message text instead.
const FASTIFY_BY_MESSAGE: [string, (limit: number) => string][] = Object.entries(FASTIFY_MESSAGES).map(
  ([code, friendly]) => {
    const ctor = (errorCodes as unknown as Record<string, new () => Error>)[code];
    return [String(new ctor().message).split('%s')[0] ?? '', friendly];
  },
);

/** Any thrown thing -> status, envelope and extra headers. Unknown errors are 500 without internals. */
export function toEnvelopeError(error: unknown, bodyLimit: number, docsServed = true): EnvelopeError {
  if (error instanceof ApiException) {
    return { status: error.getStatus(), body: fail(error.message, error.errors), headers: error.headers };
  }
  if (error instanceof HttpException) {
    const fastify = FASTIFY_BY_MESSAGE.find(([text]) => text && error.message.startsWith(text));
    if (fastify) return { status: error.getStatus(), body: fail(fastify[1](bodyLimit)), headers: {} };
    return { status: error.getStatus(), body: fail(httpMessage(error, docsServed)), headers: {} };
  }
  const e = error as { code?: unknown; statusCode?: unknown; message?: unknown };
  if (typeof e?.code === 'string' && typeof e.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500) {
    const message = FASTIFY_MESSAGES[e.code]?.(bodyLimit) ?? String(e.message ?? 'Bad request');
    return { status: e.statusCode, body: fail(message), headers: {} };
  }
  // A RangeError is what deep recursion (parse or validation of a hostile body) ends in: the
  // body's fault, never a reason for a 500 (which the gateway counts against the instance).
  if (error instanceof RangeError) {
    return {
      status: 400,
      body: fail('The request body is too complex to process (nested too deeply). Send a flat JSON object.'),
      headers: {},
    };
  }
  if (isDatabaseUnavailable(error)) {
    return {
      status: 503,
      body: fail('The user database is temporarily unavailable. Nothing was changed; try again in a few seconds.'),
      headers: { 'Retry-After': '5' },
    };
  }
  return {
    status: 500,
    body: fail('Internal server error. The request id in X-Request-Id helps find it in the logs.'),
    headers: {},
  };
}

function httpMessage(error: HttpException, docsServed: boolean): string {
  const status = error.getStatus();
  const response = error.getResponse();
  if (status === 404) {
    const msg =
      typeof response === 'object' ? String((response as { message?: unknown }).message ?? '') : String(response);
    // Nest's router says "Cannot GET /x"; add where the real routes are listed.
    const where = docsServed
      ? 'The API is described at /docs.'
      : 'The API is described in apps/user-service/README.md.';
    return `${msg.replace(/^Cannot /, 'No route for ') || 'Not found'}. ${where}`;
  }
  if (typeof response === 'string') return response;
  const message = (response as { message?: unknown }).message;
  if (Array.isArray(message)) return message.join('; ');
  return typeof message === 'string' ? message : error.message;
}
