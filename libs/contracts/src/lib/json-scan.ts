/** What `scanJson` measured: the deepest nesting of objects and arrays, and the members and elements below the top. */
export interface JsonShape {
  readonly depth: number;
  readonly values: number;
}

/**
 * One linear scan of a JSON text, before any parser or validator walks it:
 * the deepest nesting of objects and arrays, and how many object members and
 * array elements it holds at any depth. It stops as soon as either passes its
 * limit, so a hostile body costs a scan of its first few hundred bytes.
 * Strings are skipped (brackets, colons and commas inside them count for
 * nothing). The text is not checked for validity; the parser does that.
 *
 * Takes the text, or its UTF-8 bytes (a body the gateway holds as a Buffer):
 * the characters that matter (`{ [ ] } : , " \`) are ASCII, and no byte of a
 * UTF-8 multi-byte sequence is, so bytes count the same as characters.
 */
export function scanJson(
  text: string | Uint8Array,
  limits: { readonly maxDepth?: number; readonly maxValues?: number } = {},
): JsonShape {
  const maxDepth = limits.maxDepth ?? Number.POSITIVE_INFINITY;
  const maxValues = limits.maxValues ?? Number.POSITIVE_INFINITY;
  // Depth alone (the gateway, on every JSON body it reads whole) keeps no per-container state.
  const counting = limits.maxValues !== undefined;
  const at: (i: number) => number = typeof text === 'string' ? (i) => text.charCodeAt(i) : (i) => text[i];
  // Per open container (by depth): is it an array, and has it had an element yet.
  const inArray: boolean[] = [];
  const hasElement: boolean[] = [];
  let depth = 0;
  let deepest = 0;
  let values = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = at(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
      continue;
    }
    const top = depth - 1;
    // The first non-blank character after `[` starts the array's first element.
    if (counting && top >= 0 && inArray[top] && !hasElement[top] && c !== 0x5d && c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) {
      hasElement[top] = true;
      if (++values > maxValues) break;
    }
    if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (counting) {
        inArray[depth] = c === 0x5b;
        hasElement[depth] = false;
      }
      if (++depth > deepest && (deepest = depth) > maxDepth) break;
    } else if (c === 0x7d || c === 0x5d) depth--;
    else if (!counting) continue;
    else if (c === 0x3a) {
      // `:` ends an object member's name: one member.
      if (++values > maxValues) break;
    } else if (c === 0x2c && top >= 0 && inArray[top]) {
      // `,` in an array: one more element.
      if (++values > maxValues) break;
    }
  }
  return { depth: deepest, values };
}
