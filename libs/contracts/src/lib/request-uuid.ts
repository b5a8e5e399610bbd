import { randomFillSync } from 'node:crypto';

// How many ids one refill of random bytes formats (16 random bytes each).
const BATCH = 256;
const ID_LENGTH = 36;
// Byte -> its two lower-case hex digits' ASCII codes, at 2 × byte.
const HEX_PAIRS = Buffer.from(Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, '0')).join(''), 'latin1');
// Where the 16 bytes' hex pairs go in "xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx".
const PAIR_AT = [0, 2, 4, 6, 9, 11, 14, 16, 19, 21, 24, 26, 28, 30, 32, 34];

const random = Buffer.alloc(16 * BATCH);
const text = Buffer.alloc(ID_LENGTH * BATCH);
let batch = '';
let next = BATCH;

/**
 * A random (version 4) UUID, RFC 9562 §5.4, as `crypto.randomUUID()` makes
 * one, but formatted a batch at a time into one string and sliced off it.
 * Why not `randomUUID()`: its result is built by concatenation, a string
 * that Node's header validation has to flatten (copy) on every response
 * that carries it, and the request id is in every answer's head. A slice
 * needs no copy: with the validation, this costs less than half of `randomUUID()`.
 */
export function randomRequestUuid(): string {
  if (next === BATCH) refill();
  const start = next++ * ID_LENGTH;
  return batch.slice(start, start + ID_LENGTH);
}

function refill(): void {
  randomFillSync(random);
  for (let id = 0; id < BATCH; id++) {
    const r = id * 16;
    const t = id * ID_LENGTH;
    random[r + 6] = (random[r + 6] & 0x0f) | 0x40; // version 4
    random[r + 8] = (random[r + 8] & 0x3f) | 0x80; // variant 10xx
    for (let i = 0; i < 16; i++) {
      const pair = random[r + i] * 2;
      text[t + PAIR_AT[i]] = HEX_PAIRS[pair];
      text[t + PAIR_AT[i] + 1] = HEX_PAIRS[pair + 1];
    }
    text[t + 8] = text[t + 13] = text[t + 18] = text[t + 23] = 45; // '-'
  }
  batch = text.toString('latin1');
  next = 0;
}
