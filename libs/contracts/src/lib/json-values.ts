import { scanJson } from './json-scan';

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
 * Takes the text or its UTF-8 bytes (`scanJson`).
 */
export function jsonValueCount(text: string | Uint8Array, limit = Number.POSITIVE_INFINITY): number {
  return scanJson(text, { maxValues: limit }).values;
}

/** Default for user-service's bodies: its largest request has 4 fields; a body nested to the depth limit (32) still passes. */
export const MAX_JSON_VALUES = 64;

/** The 400's message for a body with more than `maxValues` members and elements. */
export function jsonTooManyValuesMessage(maxValues: number): string {
  return `The request body has more than ${maxValues} fields and array elements; no request of this API needs more than a few. Send only the fields the endpoint documents.`;
}
