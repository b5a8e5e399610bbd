import { Tracing } from '@corsway/tracing';
import { Inject, Injectable, type OnApplicationShutdown, type Provider } from '@nestjs/common';
import { USER_SERVICE_CONFIG } from '../config/config.tokens';
import type { UserServiceConfig } from '../config/user-service.config';
import { createUserRepository } from './create-user-repository';
import { tracedUserRepository } from './traced-user.repository';
import { USER_REPOSITORY, type UserRepository } from './user.repository';

/** Opens the configured engine and applies migrations before anything else runs. */
export const userRepositoryProvider: Provider = {
  provide: USER_REPOSITORY,
  inject: [USER_SERVICE_CONFIG, Tracing],
  useFactory: async (config: UserServiceConfig, tracing: Tracing): Promise<UserRepository> => {
    const repo = createUserRepository(config.databaseUrl, config.postgresTimeouts);
    try {
      await repo.migrate();
    } catch (error) {
      await repo.close().catch(() => undefined);
      throw new Error(
        `Cannot open the database (DATABASE_URL=${redact(config.databaseUrl)}): ${(error as Error).message}`,
      );
    }
    return tracedUserRepository(repo, tracing);
  },
};

/** Closes the pool / file handle on shutdown (SIGTERM via enableShutdownHooks, or app.close() in tests). */
@Injectable()
export class DatabaseLifecycle implements OnApplicationShutdown {
  constructor(@Inject(USER_REPOSITORY) private readonly repo: UserRepository) {}

  async onApplicationShutdown(): Promise<void> {
    await this.repo.close();
  }
}

function redact(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
}
