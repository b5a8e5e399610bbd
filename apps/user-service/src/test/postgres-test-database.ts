import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

/** Where the CI PostgreSQL lives: trust auth, an admin database `test`. */
export const PG_ADMIN_URL = process.env['PG_TEST_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

/** Creates `us_test_<random>` for one suite and drops it afterwards. */
export async function createPostgresTestDatabase(): Promise<TestDatabase> {
  const name = `us_test_${randomBytes(6).toString('hex')}`;
  // template0: nobody is ever connected to it, so parallel suites (and other projects' tests)
  // cannot make CREATE DATABASE fail with "source database is being accessed by other users".
  await retry(() => admin(`CREATE DATABASE ${name} TEMPLATE template0`));
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}

/** Runs one statement as the admin user on the `test` database. */
export async function admin(sql: string, params: unknown[] = []): Promise<void> {
  const client = new Client({ connectionString: PG_ADMIN_URL });
  await client.connect();
  try {
    await client.query(sql, params);
  } finally {
    await client.end();
  }
}

/** Closes every server connection to `database` (what a restart does to the pool's idle clients). */
export function terminateConnections(database: string): Promise<void> {
  return admin(
    'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
    [database],
  );
}

async function retry(work: () => Promise<void>, attempts = 5): Promise<void> {
  for (let i = 1; ; i++) {
    try {
      return await work();
    } catch (error) {
      if (i >= attempts) throw error;
      await new Promise((resolve) => setTimeout(resolve, 200 * i));
    }
  }
}
