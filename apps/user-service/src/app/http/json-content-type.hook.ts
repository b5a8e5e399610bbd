import { fail } from '@corsway/contracts';
import type { FastifyInstance } from 'fastify';

const WITH_BODY = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const JSON_TYPE = /^application\/([\w.+-]+\+)?json\s*(;|$)/i;

/**
 * Every body this service accepts is JSON. A body of another type (form,
 * text, multipart) gets 415 with the fix in `Message`, before any parser or
 * handler runs.
 */
export function requireJsonBodies(fastify: FastifyInstance): void {
  fastify.addHook('preParsing', async (request, reply, payload) => {
    const hasBody =
      Number(request.headers['content-length'] ?? 0) > 0 || request.headers['transfer-encoding'] !== undefined;
    if (!WITH_BODY.has(request.method) || !hasBody) return payload;
    const type = request.headers['content-type'] ?? '';
    if (JSON_TYPE.test(type)) return payload;
    reply
      .code(415)
      .header('Content-Type', 'application/json; charset=utf-8')
      .send(
        fail(
          `Unsupported Content-Type "${type || '(none)'}". Send the body as JSON with Content-Type: application/json.`,
        ),
      );
    return reply;
  });
}
