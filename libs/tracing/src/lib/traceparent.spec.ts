import { newSpanId, newTraceId } from './trace-ids';
import { formatTraceParent, parseTraceParent } from './traceparent';

const TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
const PARENT = '00f067aa0ba902b7';

describe('parseTraceParent (W3C Trace Context §3.2)', () => {
  it.each([
    ['the spec example, sampled', `00-${TRACE}-${PARENT}-01`, { traceId: TRACE, parentId: PARENT, sampled: true }],
    ['not sampled', `00-${TRACE}-${PARENT}-00`, { traceId: TRACE, parentId: PARENT, sampled: false }],
    ['unknown flag bits: only sampled is read (§3.2.2.5)', `00-${TRACE}-${PARENT}-09`, { traceId: TRACE, parentId: PARENT, sampled: true }],
    ['unknown flag bits, sampled unset', `00-${TRACE}-${PARENT}-fe`, { traceId: TRACE, parentId: PARENT, sampled: false }],
    ['a future version, same length', `cc-${TRACE}-${PARENT}-01`, { traceId: TRACE, parentId: PARENT, sampled: true }],
    ['a future version with extra fields (§3.2.4)', `cc-${TRACE}-${PARENT}-01-what-the-future-will-be-like`, { traceId: TRACE, parentId: PARENT, sampled: true }],
    ['a future version with one empty extra field', `01-${TRACE}-${PARENT}-00-`, { traceId: TRACE, parentId: PARENT, sampled: false }],
  ])('accepts %s', (_name, header, expected) => {
    expect(parseTraceParent(header)).toEqual(expected);
  });

  it.each([
    ['absent', undefined],
    ['empty', ''],
    ['a list (never a valid single header)', [`00-${TRACE}-${PARENT}-01`]],
    ['two headers as Node joins them', `00-${TRACE}-${PARENT}-01, 00-${TRACE}-${PARENT}-01`],
    ['uppercase hex in the trace id', `00-${TRACE.toUpperCase()}-${PARENT}-01`],
    ['uppercase hex in the parent id', `00-${TRACE}-00F067AA0BA902B7-01`],
    ['uppercase hex in the flags', `00-${TRACE}-${PARENT}-0A`],
    ['uppercase hex in the version', `CC-${TRACE}-${PARENT}-01`],
    ['version ff (§3.2.2.1)', `ff-${TRACE}-${PARENT}-01`],
    ['a version that is not hex', `0x-${TRACE}-${PARENT}-01`],
    ['a one-digit version', `0-${TRACE}-${PARENT}-01`],
    ['an all-zero trace id (§3.2.2.3)', `00-${'0'.repeat(32)}-${PARENT}-01`],
    ['an all-zero parent id (§3.2.2.4)', `00-${TRACE}-${'0'.repeat(16)}-01`],
    ['a trace id one digit short', `00-${TRACE.slice(1)}-${PARENT}-01`],
    ['a trace id one digit long', `00-${TRACE}a-${PARENT}-01`],
    ['a parent id one digit short', `00-${TRACE}-${PARENT.slice(1)}-01`],
    ['a parent id one digit long', `00-${TRACE}-${PARENT}a-01`],
    ['one-digit flags', `00-${TRACE}-${PARENT}-1`],
    ['three-digit flags', `00-${TRACE}-${PARENT}-011`],
    ['non-hex in the trace id', `00-${TRACE.slice(0, 31)}g-${PARENT}-01`],
    ['non-hex in the parent id', `00-${TRACE}-${PARENT.slice(0, 15)}z-01`],
    ['non-hex flags', `00-${TRACE}-${PARENT}-0x`],
    ['non-ASCII where a hex digit goes', `00-${TRACE.slice(0, 31)}\u00e9-${PARENT}-01`],
    ['version 00 with an extra field (its format is exactly 55 characters)', `00-${TRACE}-${PARENT}-01-extra`],
    ['version 00 with a trailing dash', `00-${TRACE}-${PARENT}-01-`],
    ['a future version whose extra part is not separated by a dash', `cc-${TRACE}-${PARENT}-01.extra`],
    ['underscores instead of dashes', `00_${TRACE}_${PARENT}_01`],
    ['the fields out of order', `00-${PARENT}-${TRACE}-01`],
  ])('refuses %s (the caller starts a new trace)', (_name, header) => {
    expect(parseTraceParent(header as string | string[] | undefined)).toBeNull();
  });
});

describe('formatTraceParent', () => {
  it.each([
    [true, `00-${TRACE}-${PARENT}-01`],
    [false, `00-${TRACE}-${PARENT}-00`],
  ])('sampled %s -> version 00 with the span id as parent-id', (sampled, header) => {
    expect(formatTraceParent(TRACE, PARENT, sampled)).toBe(header);
    expect(parseTraceParent(header)).toEqual({ traceId: TRACE, parentId: PARENT, sampled });
  });
});

describe('new ids', () => {
  it('are lowercase hex of the spec lengths, valid in a traceparent, and distinct across more than one random pool', () => {
    const traces = Array.from({ length: 500 }, newTraceId);
    const spans = Array.from({ length: 1000 }, newSpanId);
    for (const id of traces) expect(id).toMatch(/^[0-9a-f]{32}$/);
    for (const id of spans) expect(id).toMatch(/^[0-9a-f]{16}$/);
    // 500 * 16 + 1000 * 8 bytes: the 4 KiB pool was refilled several times.
    expect(new Set(traces).size).toBe(500);
    expect(new Set(spans).size).toBe(1000);
    expect(parseTraceParent(formatTraceParent(traces[0], spans[0], true))).toEqual({ traceId: traces[0], parentId: spans[0], sampled: true });
  });
});
