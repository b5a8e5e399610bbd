/**
 * The deepest nesting of objects and arrays in a JSON text, counted on the raw
 * text before any parser or validator recurses into it. A 5,000-level body
 * parses, but recursive validation of it overflows the stack (a RangeError,
 * which used to become a 500); counting first turns it into a 400.
 * Stops counting once `limit` is passed, so the cost is one linear scan.
 */
export function jsonNestingDepth(text: string, limit = Number.POSITIVE_INFINITY): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
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
