import { fail } from '@corsway/contracts';
import type { FastifyInstance, FastifyReply } from 'fastify';

const WITH_BODY = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const JSON_TYPE = /^application\/([\w.+-]+\+)?json\s*(;|$)/i;
const CHARSET_PARAMETER = /;\s*charset\s*=\s*("?)([^";\s]*)\1/i;
// The labels the WHATWG Encoding Standard (§4.2) maps to UTF-8: what a browser may write.
const UTF8_LABELS = new Set([
  'utf-8',
  'utf8',
  'unicode-1-1-utf-8',
  'unicode11utf8',
  'unicode20utf8',
  'x-unicode20utf8',
]);

/**
 * Every body this service accepts is JSON in UTF-8. A body of another type
 * (form, text, multipart) gets 415 with the fix in `Message`, before any
 * parser or handler runs; so does JSON declared in another charset. The
 * parser reads bytes as UTF-8 (RFC 8259 §8.1: JSON exchanged between systems
 * is UTF-8), so a body sent as `charset=utf-16` would otherwise be read as
 * something its sender did not write: a 400 "not valid JSON" for real
 * UTF-16, or silently accepted when the bytes were UTF-8 after all.
 */
export function requireJsonBodies(fastify: FastifyInstance): void {
  fastify.addHook('preParsing', async (request, reply, payload) => {
    const hasBody =
      Number(request.headers['content-length'] ?? 0) > 0 || request.headers['transfer-encoding'] !== undefined;
    if (!WITH_BODY.has(request.method) || !hasBody) return payload;
    const type = request.headers['content-type'] ?? '';
    if (!JSON_TYPE.test(type)) {
      return refuse(
        reply,
        `Unsupported Content-Type "${type || '(none)'}". Send the body as JSON with Content-Type: application/json.`,
      );
    }
    const charset = CHARSET_PARAMETER.exec(type)?.[2];
    if (charset === undefined || UTF8_LABELS.has(charset.toLowerCase())) return payload;
    return refuse(
      reply,
      `Unsupported charset "${charset}": JSON is read as UTF-8. Send the body as UTF-8, with charset=utf-8 or no charset.`,
    );
  });
}

function refuse(reply: FastifyReply, message: string): FastifyReply {
  return reply.code(415).header('Content-Type', 'application/json; charset=utf-8').send(fail(message));
}
