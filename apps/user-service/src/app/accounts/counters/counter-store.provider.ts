import { Inject, Injectable, Logger, type OnApplicationShutdown, type Provider } from '@nestjs/common';
import { CLOCK, USER_SERVICE_CONFIG, type Clock } from '../../config/config.tokens';
import type { UserServiceConfig } from '../../config/user-service.config';
import { COUNTER_STORE, type CounterStore } from './counter-store';
import { FallbackCounterStore } from './fallback-counter-store';
import { MemoryCounterStore } from './memory-counter-store';
import { RedisCounterStore } from './redis-counter-store';

/** Redis when `REDIS_URL` is set, else memory; warns when that cannot be what a multi-instance setup wants. */
export const counterStoreProvider: Provider = {
  provide: COUNTER_STORE,
  inject: [USER_SERVICE_CONFIG, CLOCK],
  useFactory: async (config: UserServiceConfig, clock: Clock): Promise<CounterStore> => {
    const logger = new Logger('Counters');
    const memory = new MemoryCounterStore(clock);
    if (!config.redisUrl) {
      // PostgreSQL is how several instances share one database; their lockout and throttles would not be shared.
      if (config.databaseUrl.startsWith('postgres'))
        logger.warn(
          'DATABASE_URL is PostgreSQL but REDIS_URL is unset: lockout and throttles are per instance, so N instances ' +
            'allow N times the limits and a restart forgets them. Set REDIS_URL when running more than one instance.',
        );
      return memory;
    }
    const redis = new RedisCounterStore(config.redisUrl, config.redisKeyPrefix);
    const store = new FallbackCounterStore(redis, memory, (fallingBack, error) => {
      if (fallingBack)
        logger.warn(
          `Redis for lockout and throttles is unreachable (${(error as Error).message}); counting per instance until it is back`,
        );
      else logger.log('Redis for lockout and throttles is back; counters are shared again');
    });
    if (await redis.connect(2_000)) logger.log('Lockout and throttle counters are shared through Redis');
    else store.countLocally(new Error('no connection within 2 s of start-up'));
    return store;
  },
};

@Injectable()
export class CounterStoreLifecycle implements OnApplicationShutdown {
  constructor(@Inject(COUNTER_STORE) private readonly store: CounterStore) {}

  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
  }
}
