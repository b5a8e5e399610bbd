import Database from 'better-sqlite3';
import { join } from 'node:path';
import type { TestDatabase } from './postgres-database';

/**
 * Reads user-service's tables straight from its database: "nothing was
 * written", "no duplicates" and "the family is revoked" are checked at the
 * source, not through the API under test.
 */
export interface RowCounter {
  users(): Promise<number>;
  refreshTokens(): Promise<number>;
  /** Any read-only SELECT (portable SQL: both engines). */
  select<T = Record<string, unknown>>(sql: string): Promise<T[]>;
}

export function sqliteCounter(dataDir: string): RowCounter {
  const select = async <T>(sql: string) => {
    const db = new Database(join(dataDir, 'users.db'), { readonly: true, fileMustExist: true });
    try {
      return db.prepare(sql).all() as T[];
    } finally {
      db.close();
    }
  };
  return withCounts(select);
}

export function postgresCounter(db: TestDatabase): RowCounter {
  return withCounts((sql) => db.query(sql));
}

function withCounts(select: <T>(sql: string) => Promise<T[]>): RowCounter {
  const count = async (table: string) => Number((await select<{ n: number | string }>(`SELECT count(*) AS n FROM ${table}`))[0].n);
  return { select: select as RowCounter['select'], users: () => count('users'), refreshTokens: () => count('refresh_tokens') };
}
