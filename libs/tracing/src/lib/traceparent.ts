/** The `traceparent` request header (W3C Trace Context §3.2). */
export const TRACEPARENT_HEADER = 'traceparent';
/** Vendor state that travels with the traceparent it came with (W3C Trace Context §3.3). */
export const TRACESTATE_HEADER = 'tracestate';

/** A valid traceparent, as this system reads and writes it. */
export interface TraceParent {
  /** 32 lowercase hex digits, not all zero (§3.2.2.3). */
  readonly traceId: string;
  /** The caller's span: 16 lowercase hex digits, not all zero (§3.2.2.4). */
  readonly parentId: string;
  /** The `sampled` flag (§3.2.2.5.1): the caller may have recorded its span. */
  readonly sampled: boolean;
}

// The one version this code writes, and the fixed length of its header (§3.2.2.1).
const VERSION = '00';
const V00_LENGTH = 55;
const INVALID_VERSION = 'ff';

// Lowercase hex only: the spec's HEXDIGLC (§3.2.2); an uppercase id is invalid.
const HEXDIGLC = new Uint8Array(128);
for (const c of '0123456789abcdef') HEXDIGLC[c.charCodeAt(0)] = 1;

function isHex(s: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    if (c > 127 || HEXDIGLC[c] === 0) return false;
  }
  return true;
}

function allZero(s: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (s.charCodeAt(i) !== 48) return false;
  return true;
}

/**
 * Parses an incoming `traceparent`; `null` when absent or invalid, and the
 * caller starts a new trace (§3.2: "vendors MUST ignore the traceparent" it
 * cannot parse). The rules:
 * - version: two lowercase hex digits, never `ff` (§3.2.2.1);
 * - version `00`: exactly `00-<32 hex>-<16 hex>-<2 hex>`, nothing after;
 * - a higher version: parsed as far as version 00 goes; more fields may
 *   follow after a `-` and are ignored (§3.2.4, "Versioning of traceparent");
 * - trace id and parent id not all zero (§3.2.2.3, §3.2.2.4).
 * Node joins a repeated header with ", ", which fails the length or
 * separator rules: two traceparents are no traceparent.
 */
export function parseTraceParent(value: string | string[] | undefined): TraceParent | null {
  if (typeof value !== 'string' || value.length < V00_LENGTH) return null;
  if (!isHex(value, 0, 2) || value.startsWith(INVALID_VERSION)) return null;
  if (value[2] !== '-' || value[35] !== '-' || value[52] !== '-') return null;
  if (!isHex(value, 3, 35) || allZero(value, 3, 35)) return null;
  if (!isHex(value, 36, 52) || allZero(value, 36, 52)) return null;
  if (!isHex(value, 53, 55)) return null;
  if (value.length > V00_LENGTH && (value.startsWith(VERSION) || value[55] !== '-')) return null;
  return {
    traceId: value.slice(3, 35),
    parentId: value.slice(36, 52),
    // Only `sampled` is defined; other flag bits are not carried on (§3.2.2.5).
    sampled: (parseInt(value.slice(53, 55), 16) & 1) === 1,
  };
}

/** The header a caller sends: version 00 (the one this code knows, §3.2.4), `spanId` as parent-id. */
export function formatTraceParent(traceId: string, spanId: string, sampled: boolean): string {
  return `${VERSION}-${traceId}-${spanId}-${sampled ? '01' : '00'}`;
}
