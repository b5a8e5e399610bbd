/**
 * How many values a JSON text holds below its top level: object members plus
 * array elements, at any depth, counted on the raw text before anything
 * parses, transforms or validates it. Validating a body costs time per
 * value (class-transformer copies every member, class-validator reports
 * every unknown one): a 64 KiB body of 7,000 unknown fields took 50 ms of
 * user-service's event loop and came back as a 388 KB error, so 20 such
 * bodies a second stalled every login. Counting stops once `limit` is
 * passed: a hostile body costs a scan of its first `limit` values.
 *
 * Takes the text or its UTF-8 bytes, like `jsonNestingDepth`.
 */
export function jsonValueCount(text: string | Uint8Array, limit = Number.POSITIVE_INFINITY): number {
  const at: (i: number) => number = typeof text === 'string' ? (i) => text.charCodeAt(i) : (i) => text[i];
  // Per open container: is it an array, and has it had an element yet.
  const inArray: boolean[] = [];
  const hasElement: boolean[] = [];
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
    const top = inArray.length - 1;
    // The first non-blank character after `[` starts the array's first element.
    if (top >= 0 && inArray[top] && !hasElement[top] && c !== 0x5d && c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) {
      hasElement[top] = true;
      if (++values > limit) return values;
    }
    if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      inArray.push(c === 0x5b);
      hasElement.push(false);
    } else if (c === 0x7d || c === 0x5d) {
      inArray.pop();
      hasElement.pop();
    } else if (c === 0x3a) {
      // `:` ends an object member's name: one member.
      if (++values > limit) return values;
    } else if (c === 0x2c && top >= 0 && inArray[top]) {
      // `,` in an array: one more element.
      if (++values > limit) return values;
    }
  }
  return values;
}

/** Default for user-service's bodies: its largest request has 4 fields; a body nested to the depth limit (32) still passes. */
export const MAX_JSON_VALUES = 64;

/** The 400's message for a body with more than `maxValues` members and elements. */
export function jsonTooManyValuesMessage(maxValues: number): string {
  return `The request body has more than ${maxValues} fields and array elements; no request of this API needs more than a few. Send only the fields the endpoint documents.`;
}
