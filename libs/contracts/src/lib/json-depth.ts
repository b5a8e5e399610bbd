import { scanJson } from './json-scan';

/**
 * The deepest nesting of objects and arrays in a JSON text, counted on the raw
 * text before any parser or validator recurses into it. A 5,000-level body
 * parses, but recursive validation of it overflows the stack (a RangeError,
 * which used to become a 500); counting first turns it into a 400.
 * Stops counting once `limit` is passed, so the cost is one linear scan, and
 * a hostile body is refused after its first `limit` brackets.
 * Takes the text or its UTF-8 bytes (`scanJson`).
 */
export function jsonNestingDepth(text: string | Uint8Array, limit = Number.POSITIVE_INFINITY): number {
  return scanJson(text, { maxDepth: limit }).depth;
}

/** Default nesting limit for request bodies: far above any real request, far below a stack overflow. */
export const MAX_JSON_DEPTH = 32;

/** The 400's message for a body nested deeper than `maxDepth` (user-service and the gateway say the same). */
export function jsonTooDeepMessage(maxDepth: number): string {
  return `The request body nests objects or arrays more than ${maxDepth} levels deep. Send a flat JSON object.`;
}

/** True for `application/json` and `application/<anything>+json` (RFC 6839 §3.1), parameters ignored. */
export function isJsonMediaType(contentType: string | undefined): boolean {
  if (contentType === undefined) return false;
  const semi = contentType.indexOf(';');
  const type = (semi === -1 ? contentType : contentType.slice(0, semi)).trim().toLowerCase();
  return type === 'application/json' || (type.startsWith('application/') && type.endsWith('+json'));
}
