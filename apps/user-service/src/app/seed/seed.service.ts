import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { AccountsService } from '../accounts/accounts.service';
import { USER_SERVICE_CONFIG } from '../config/config.tokens';
import type { UserServiceConfig } from '../config/user-service.config';
import { ApiException } from '../http/api.exception';
import { USER_REPOSITORY, type UserRepository } from '../persistence/user.repository';

/** The demo account of the root README, so the login page works right after `npm start`. */
export const DEMO_USER = {
  email: 'demo@example.com',
  userName: 'demo',
  password: 'Demo@12345',
  displayName: 'Demo User',
} as const;

/**
 * Seeds the demo user unless NODE_ENV=production. The `web` client is seeded
 * by migration 1 (every environment needs it; the web app is part of the product).
 */
@Injectable()
export class SeedService implements OnApplicationBootstrap {
  private readonly logger = new Logger('Seed');

  constructor(
    private readonly accounts: AccountsService,
    @Inject(USER_REPOSITORY) private readonly repo: UserRepository,
    @Inject(USER_SERVICE_CONFIG) private readonly config: UserServiceConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.seedDemoUser) return;
    if (await this.repo.findUserByEmailOrUserName(DEMO_USER.userName)) return;
    try {
      await this.accounts.register(DEMO_USER);
      this.logger.log(`Demo user created: ${DEMO_USER.userName} / ${DEMO_USER.password}`);
    } catch (error) {
      // Another replica seeded it between our check and our insert: fine.
      if (!(error instanceof ApiException && error.getStatus() === 409)) throw error;
    }
  }
}
