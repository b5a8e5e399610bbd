import Database from 'better-sqlite3';
import { join } from 'node:path';
import type { TestDatabase } from './postgres-database';

/** Counts rows of user-service's tables straight from its database: "nothing was written" is checked at the source. */
export interface RowCounter {
  users(): Promise<number>;
  refreshTokens(): Promise<number>;
}

export function sqliteCounter(dataDir: string): RowCounter {
  const count = async (table: string) => {
    const db = new Database(join(dataDir, 'users.db'), { readonly: true, fileMustExist: true });
    try {
      return (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
    } finally {
      db.close();
    }
  };
  return { users: () => count('users'), refreshTokens: () => count('refresh_tokens') };
}

export function postgresCounter(db: TestDatabase): RowCounter {
  const count = async (table: string) => Number((await db.query<{ n: string }>(`SELECT count(*) AS n FROM ${table}`))[0].n);
  return { users: () => count('users'), refreshTokens: () => count('refresh_tokens') };
}
