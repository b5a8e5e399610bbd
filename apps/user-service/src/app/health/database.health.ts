import { Inject, Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { USER_REPOSITORY, type UserRepository } from '../persistence/user.repository';

/** Terminus indicator: the database answers a trivial query. */
@Injectable()
export class DatabaseHealthIndicator {
  constructor(
    private readonly indicator: HealthIndicatorService,
    @Inject(USER_REPOSITORY) private readonly repo: UserRepository,
  ) {}

  async check(key: string) {
    const session = this.indicator.check(key);
    try {
      await this.repo.ping();
      return session.up({ engine: this.repo.engine });
    } catch (error) {
      return session.down({ engine: this.repo.engine, message: (error as Error).message });
    }
  }
}
