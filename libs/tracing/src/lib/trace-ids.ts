import { randomFillSync } from 'node:crypto';

// Random bytes are drawn 4 KiB at a time: one syscall per ~170 requests
// instead of one per id (each request needs a span id per upstream attempt).
const POOL_BYTES = 4096;
let pool = Buffer.alloc(0);
let offset = 0;

function randomHex(bytes: number): string {
  if (offset + bytes > pool.length) {
    pool = randomFillSync(Buffer.allocUnsafe(POOL_BYTES));
    offset = 0;
  }
  const hex = pool.toString('hex', offset, offset + bytes);
  offset += bytes;
  return hex;
}

const ZERO_TRACE_ID = '0'.repeat(32);
const ZERO_SPAN_ID = '0'.repeat(16);

/** A new trace id: 16 random bytes as lowercase hex, never all zero (W3C Trace Context §3.2.2.3). */
export function newTraceId(): string {
  let id = randomHex(16);
  while (id === ZERO_TRACE_ID) id = randomHex(16);
  return id;
}

/** A new span id (the parent-id a callee sees): 8 random bytes as lowercase hex, never all zero (§3.2.2.4). */
export function newSpanId(): string {
  let id = randomHex(8);
  while (id === ZERO_SPAN_ID) id = randomHex(8);
  return id;
}
