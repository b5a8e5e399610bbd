import type { RunningApp } from '@corsway/testing';
import { createTestDatabase, type TestDatabase } from './postgres-database';
import { startUserService } from './system';
import { postgresCounter, type RowCounter, sqliteCounter } from './user-count';

export type Engine = 'sqlite' | 'postgres';
export const ENGINES: readonly Engine[] = ['sqlite', 'postgres'];

export interface ServiceOnEngine {
  readonly app: RunningApp & { dataDir: string };
  readonly rows: RowCounter;
  readonly db: TestDatabase | undefined;
  stop(): Promise<void>;
}

/** A built user-service on a fresh SQLite file, or on a fresh PostgreSQL database created for this run and dropped by `stop()`. */
export async function userServiceOn(engine: Engine, env: Record<string, string> = {}): Promise<ServiceOnEngine> {
  const db = engine === 'postgres' ? await createTestDatabase() : undefined;
  try {
    const app = await startUserService({ ...(db ? { DATABASE_URL: db.url } : {}), ...env });
    return {
      app,
      db,
      rows: db ? postgresCounter(db) : sqliteCounter(app.dataDir),
      stop: async () => {
        await app.stop();
        await db?.drop();
      },
    };
  } catch (error) {
    await db?.drop();
    throw error;
  }
}
