import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPostgresTestDatabase } from './postgres-test-database';

export type Engine = 'sqlite' | 'postgres';
/** Every suite that touches the database runs once per engine. */
export const ENGINES: Engine[] = ['sqlite', 'postgres'];

export interface TestStorage {
  dataDir: string;
  databaseUrl: string;
  dispose(): Promise<void>;
}

/** A temp DATA_DIR, and a fresh database for the engine (a SQLite file in it, or a new PostgreSQL database). */
export async function createTestStorage(engine: Engine): Promise<TestStorage> {
  const dataDir = mkdtempSync(join(tmpdir(), 'user-service-'));
  if (engine === 'sqlite') {
    return {
      dataDir,
      databaseUrl: `sqlite:${join(dataDir, 'users.db')}`,
      dispose: async () => rmSync(dataDir, { recursive: true, force: true }),
    };
  }
  const db = await createPostgresTestDatabase();
  return {
    dataDir,
    databaseUrl: db.url,
    dispose: async () => {
      await db.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
