import Redis from 'ioredis';
import { randomBytes } from 'node:crypto';

/** The CI Redis: 127.0.0.1:6379, shared with other suites, so every test run uses its own key prefix. */
export const REDIS_TEST_URL = process.env['REDIS_TEST_URL'] ?? 'redis://127.0.0.1:6379';

export function redisTestPrefix(): string {
  return `us-test:${randomBytes(6).toString('hex')}:`;
}

/** Deletes every key under `prefix` (the counters of one test run). */
export async function dropRedisPrefix(prefix: string): Promise<void> {
  const redis = new Redis(REDIS_TEST_URL, { maxRetriesPerRequest: 1 });
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
      if (keys.length) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}
