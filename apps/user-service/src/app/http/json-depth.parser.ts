import { jsonNestingDepth, jsonTooDeepMessage } from '@corsway/contracts';
import type { FastifyInstance } from 'fastify';

/**
 * Replaces Fastify's JSON parser with one that first counts the body's
 * nesting on the raw text: a body nested deeper than `maxDepth` gets 400
 * naming the problem before any parser or validator recurses into it.
 * (A 5,000-level body used to overflow the stack in validation: a 500, and at
 * the gateway five of those ejected the instance for everyone.)
 * Parsing itself stays Fastify's (secure-json-parse: `__proto__` and
 * `constructor.prototype` keys are refused).
 */
export function limitJsonDepth(fastify: FastifyInstance, maxDepth: number): void {
  const parse = fastify.getDefaultJsonParser('error', 'error');
  fastify.removeContentTypeParser('application/json');
  fastify.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const text = body as string;
    if (jsonNestingDepth(text, maxDepth) > maxDepth) {
      const error = Object.assign(new Error(jsonTooDeepMessage(maxDepth)), { statusCode: 400, code: 'US_JSON_TOO_DEEP' });
      done(error, undefined);
      return;
    }
    parse(request, text, done);
  });
}
