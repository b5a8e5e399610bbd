import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

/** Where the CI PostgreSQL lives (team brief): trust auth, an admin database `test`. */
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

async function admin(sql: string): Promise<void> {
  const client = new Client({ connectionString: PG_ADMIN_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
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
