/**
 * The deepest nesting of objects and arrays in a JSON text, counted on the raw
 * text before any parser or validator recurses into it. A 5,000-level body
 * parses, but recursive validation of it overflows the stack (a RangeError,
 * which used to become a 500); counting first turns it into a 400.
 * Stops counting once `limit` is passed, so the cost is one linear scan, and
 * a hostile body is refused after its first `limit` brackets.
 *
 * Takes the text, or its UTF-8 bytes (a body the gateway holds as a Buffer):
 * the characters that matter (`{ [ ] } " \`) are ASCII, and no byte of a
 * UTF-8 multi-byte sequence is, so bytes count the same as characters.
 */
export function jsonNestingDepth(text: string | Uint8Array, limit = Number.POSITIVE_INFINITY): number {
  const at: (i: number) => number = typeof text === 'string' ? (i) => text.charCodeAt(i) : (i) => text[i];
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = at(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
      continue;
    }
    if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      depth++;
      if (depth > deepest) {
        deepest = depth;
        if (deepest > limit) return deepest;
      }
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return deepest;
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
