import type Redis from 'ioredis';

// INCR and PEXPIRE in one atomic step: the first hit of a window sets its
// expiry, so two processes can never both start (or extend) the same window.
// A key left without an expiry (a crash between the two in an older
// version, a manual SET) gets one, so no window lasts forever.
const FIXED_WINDOW_HIT = `
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]); ttl = tonumber(ARGV[1]) end
return {count, ttl}
`;

const COMMAND = 'corswayFixedWindowHit';

/** A window's count after this hit, and the milliseconds until it resets. */
export interface FixedWindowHit {
  readonly count: number;
  readonly resetMs: number;
}

type WithHit = Redis & { [COMMAND](key: string, windowMs: number): Promise<[number, number]> };

/**
 * Counts one hit in the fixed window `key` of `windowMs` on `redis`: the one
 * shared-counter primitive of the gateway's rate limits and user-service's
 * throttles, so every process counting the same key counts together.
 *
 * @example
 * ```ts
 * const { count, resetMs } = await hitFixedWindow(redis, 'rl:/login|203.0.113.7', 60_000);
 * if (count > limit) answer429(Math.ceil(resetMs / 1000));
 * ```
 */
export async function hitFixedWindow(redis: Redis, key: string, windowMs: number): Promise<FixedWindowHit> {
  const r = redis as WithHit;
  if (typeof r[COMMAND] !== 'function') redis.defineCommand(COMMAND, { numberOfKeys: 1, lua: FIXED_WINDOW_HIT });
  const [count, resetMs] = await r[COMMAND](key, windowMs);
  return { count, resetMs };
}
