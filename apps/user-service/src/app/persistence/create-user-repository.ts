import type { PostgresTimeouts } from './postgres-timeouts';
import { PostgresUserRepository } from './postgres.repository';
import { SqliteUserRepository } from './sqlite.repository';
import type { UserRepository } from './user.repository';

/** Picks the engine from the database URL (`sqlite:<path>` or `postgres://...`). */
export function createUserRepository(databaseUrl: string, postgresTimeouts?: PostgresTimeouts): UserRepository {
  if (databaseUrl.startsWith('sqlite:')) return new SqliteUserRepository(databaseUrl.slice('sqlite:'.length));
  return new PostgresUserRepository(databaseUrl, postgresTimeouts);
}
