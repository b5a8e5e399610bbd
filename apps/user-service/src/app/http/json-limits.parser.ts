import { jsonTooDeepMessage, jsonTooManyValuesMessage, scanJson } from '@corsway/contracts';
import type { FastifyInstance } from 'fastify';

/** How much structure a JSON body may have (user-service config `maxJsonDepth`, `maxJsonValues`). */
export interface JsonBodyLimits {
  readonly maxDepth: number;
  readonly maxValues: number;
}

/**
 * Replaces Fastify's JSON parser with one that first measures the body on
 * the raw text, before any parser, transformer or validator walks it:
 *
 * - nested deeper than `maxDepth` → 400 (a 5,000-level body used to overflow
 *   the stack in validation: a 500, and at the gateway five of those
 *   ejected the instance for everyone);
 * - more than `maxValues` members and array elements → 400 (a 64 KiB body of
 *   7,000 unknown fields cost 50 ms of the event loop and a 388 KB error:
 *   20 a second stalled every login).
 *
 * Parsing itself stays Fastify's (secure-json-parse: `__proto__` and
 * `constructor.prototype` keys are refused).
 */
export function limitJsonBodies(fastify: FastifyInstance, limits: JsonBodyLimits): void {
  const parse = fastify.getDefaultJsonParser('error', 'error');
  fastify.removeContentTypeParser('application/json');
  fastify.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const text = body as string;
    const shape = scanJson(text, limits);
    const refusal =
      shape.depth > limits.maxDepth
        ? { message: jsonTooDeepMessage(limits.maxDepth), code: 'US_JSON_TOO_DEEP' }
        : shape.values > limits.maxValues
          ? { message: jsonTooManyValuesMessage(limits.maxValues), code: 'US_JSON_TOO_MANY_VALUES' }
          : null;
    if (refusal !== null) {
      done(Object.assign(new Error(refusal.message), { statusCode: 400, code: refusal.code }), undefined);
      return;
    }
    parse(request, text, done);
  });
}
