import { hitFixedWindow } from '@corsway/redis-window';
import Redis from 'ioredis';
import type { CounterStore, WindowCount } from './counter-store';

// A failure counted and, at the limit, the lock set in the same script, so no
// instance can slip an attempt between "the fifth failure" and "locked".
const FAIL = `
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
if count >= tonumber(ARGV[2]) then
  redis.call('SET', KEYS[2], '1', 'PX', ARGV[3])
  redis.call('DEL', KEYS[1])
  return tonumber(ARGV[3])
end
return 0
`;

type Scripts = {
  usFail(failKey: string, lockKey: string, windowMs: number, max: number, lockMs: number): Promise<number>;
};

/** Counters shared by every instance through Redis (`REDIS_URL`); state survives restarts of the service. */
export class RedisCounterStore implements CounterStore {
  readonly kind = 'redis' as const;
  private readonly redis: Redis & Scripts;

  constructor(
    url: string,
    private readonly prefix: string,
  ) {
    // No offline queue and a short command timeout: while Redis is away a command fails at once
    // (the caller falls back to per-instance counters) instead of waiting for a reconnect.
    const redis = new Redis(url, {
      maxRetriesPerRequest: 1,
      commandTimeout: 1_000,
      enableOfflineQueue: false,
      lazyConnect: true,
    });
    redis.defineCommand('usFail', { numberOfKeys: 2, lua: FAIL });
    // ioredis reports every reconnect attempt as an error; FallbackCounterStore logs the transitions.
    redis.on('error', () => undefined);
    this.redis = redis as Redis & Scripts;
  }

  /** Connects once at start-up (up to `timeoutMs`); false if Redis is not there (the fallback takes over). */
  async connect(timeoutMs: number): Promise<boolean> {
    const timeout = new Promise<false>((resolve) => setTimeout(() => resolve(false), timeoutMs).unref());
    return Promise.race([
      this.redis.connect().then(
        () => true,
        () => false,
      ),
      timeout,
    ]);
  }

  /** The shared fixed window of @corsway/redis-window (the gateway's rate limits count the same way). */
  async hit(key: string, windowMs: number): Promise<WindowCount> {
    const { count, resetMs } = await hitFixedWindow(this.redis, this.prefix + key, windowMs);
    return { count: Number(count), resetMs: Number(resetMs) };
  }

  async fail(failKey: string, lockKey: string, windowMs: number, maxFailures: number, lockMs: number): Promise<number> {
    return Number(await this.redis.usFail(this.prefix + failKey, this.prefix + lockKey, windowMs, maxFailures, lockMs));
  }

  async ttl(key: string): Promise<number> {
    return Math.max(0, Number(await this.redis.pttl(this.prefix + key)));
  }

  async delete(key: string): Promise<void> {
    await this.redis.del(this.prefix + key);
  }

  /** Resolves when Redis answers a PING (within the command timeout): how FallbackCounterStore learns it is back. */
  async ping(): Promise<void> {
    await this.redis.ping();
  }

  async close(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}
