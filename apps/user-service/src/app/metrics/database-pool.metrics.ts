import { METRICS_REGISTRY } from '@corsway/metrics';
import { Inject, Injectable } from '@nestjs/common';
import { Gauge, type Registry } from 'prom-client';
import { USER_REPOSITORY, type ConnectionStats, type UserRepository } from '../persistence/user.repository';

const GAUGES: { name: string; help: string; read: (s: ConnectionStats) => number }[] = [
  {
    name: 'user_service_db_pool_connections',
    help: 'Database connections open now (PostgreSQL: pg.Pool totalCount; SQLite: 1 while the file is open).',
    read: (s) => s.open,
  },
  {
    name: 'user_service_db_pool_idle_connections',
    help: 'Open database connections not running a query (PostgreSQL: pg.Pool idleCount; SQLite: its one synchronous handle, idle whenever a scrape runs).',
    read: (s) => s.idle,
  },
  {
    name: 'user_service_db_pool_waiting_requests',
    help: 'Queries waiting for a free database connection (PostgreSQL: pg.Pool waitingCount; SQLite: always 0, it never queues).',
    read: (s) => s.waiting,
  },
  {
    name: 'user_service_db_pool_max_connections',
    help: 'The most database connections this instance opens (PostgreSQL: the pool size; SQLite: 1).',
    read: (s) => s.max,
  },
];

/** Database pool gauges, labelled `engine` (sqlite|postgres), read from the repository at scrape time. */
@Injectable()
export class DatabasePoolMetrics {
  constructor(@Inject(METRICS_REGISTRY) registry: Registry, @Inject(USER_REPOSITORY) repo: UserRepository) {
    for (const { name, help, read } of GAUGES)
      new Gauge({
        name,
        help,
        labelNames: ['engine'],
        registers: [registry],
        collect() {
          this.set({ engine: repo.engine }, read(repo.connectionStats()));
        },
      });
  }
}
