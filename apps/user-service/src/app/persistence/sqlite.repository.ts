import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { securePrivateFiles } from '../config/private-files';
import { DuplicateUserError, duplicateFieldFromIndex } from './duplicate-user.error';
import { DB_NOW_MS, MIGRATIONS } from './migrations';
import { CLIENT_COLUMNS, TOKEN_COLUMNS, USER_COLUMNS, toClient, toToken, toUser, tokenValues } from './row-mappers';
import type {
  ClientRecord,
  ConnectionStats,
  NewUser,
  RefreshTokenRecord,
  RotationResult,
  UserRecord,
  UserRepository,
} from './user.repository';

type Row = Record<string, unknown>;

/**
 * The embedded engine (better-sqlite3 12). Calls are synchronous, so each
 * statement, and each `transaction()`, is atomic with respect to every other
 * request in this process; WAL lets readers run beside the writer.
 */
export class SqliteUserRepository implements UserRepository {
  readonly engine = 'sqlite' as const;
  private readonly db: Database.Database;

  constructor(file: string) {
    const onDisk = file !== ':memory:';
    if (onDisk) {
      mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
      securePrivateFiles(file, [`${file}-wal`, `${file}-shm`]); // password hashes and token hashes: owner only
    }
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('foreign_keys = ON');
    this.db.pragma('busy_timeout = 5000');
  }

  async migrate(): Promise<void> {
    this.db.exec(
      'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)',
    );
    const applied = new Set(await this.appliedMigrations());
    for (const m of MIGRATIONS) {
      if (applied.has(m.version)) continue;
      this.db
        .transaction(() => {
          this.db.exec(m.sqlite);
          this.db
            .prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)')
            .run(m.version, m.name, Date.now());
        })
        .immediate();
    }
  }

  async appliedMigrations(): Promise<number[]> {
    const rows = this.db.prepare('SELECT version FROM schema_migrations ORDER BY version').all() as Row[];
    return rows.map((r) => Number(r['version']));
  }

  async ping(): Promise<void> {
    this.db.prepare('SELECT 1').get();
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }

  /**
   * One handle, no pool. better-sqlite3 runs every statement synchronously, so
   * whenever this runs (a scrape, on the same thread) no statement is running
   * and nothing waits: open and idle are 1 while the file is open.
   */
  connectionStats(): ConnectionStats {
    const open = this.db.open ? 1 : 0;
    return { open, idle: open, waiting: 0, max: 1 };
  }

  async createUser(user: NewUser): Promise<UserRecord> {
    try {
      this.db
        .prepare(`INSERT INTO users (${USER_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?)`)
        .run(user.id, user.email, user.userName, user.displayName, user.passwordHash, user.createdAt);
    } catch (error) {
      const code = (error as { code?: string }).code;
      const field =
        code === 'SQLITE_CONSTRAINT_UNIQUE' ? duplicateFieldFromIndex(String((error as Error).message)) : null;
      // SQLite names the columns, not the index, for expression indexes: "UNIQUE constraint failed: index 'users_email_lower'".
      if (field) throw new DuplicateUserError(field);
      throw error;
    }
    return { ...user };
  }

  async findUserByEmailOrUserName(login: string): Promise<UserRecord | null> {
    const row = this.db
      .prepare(`SELECT ${USER_COLUMNS} FROM users WHERE lower(email) = lower(?) OR lower(user_name) = lower(?) LIMIT 1`)
      .get(login, login) as Row | undefined;
    return row ? toUser(row) : null;
  }

  async findUserById(id: string): Promise<UserRecord | null> {
    const row = this.db.prepare(`SELECT ${USER_COLUMNS} FROM users WHERE id = ?`).get(id) as Row | undefined;
    return row ? toUser(row) : null;
  }

  async countUsers(): Promise<number> {
    const row = this.db.prepare('SELECT count(*) AS n FROM users').get() as Row;
    return Number(row['n']);
  }

  async findClient(id: string): Promise<ClientRecord | null> {
    const row = this.db.prepare(`SELECT ${CLIENT_COLUMNS} FROM clients WHERE id = ?`).get(id) as Row | undefined;
    return row ? toClient(row) : null;
  }

  async upsertClient(client: ClientRecord): Promise<void> {
    this.db
      .prepare(
        'INSERT INTO clients (id, name, browser) VALUES (?, ?, ?) ON CONFLICT (id) DO UPDATE SET name = excluded.name, browser = excluded.browser',
      )
      .run(client.id, client.name, client.browser ? 1 : 0);
  }

  async insertRefreshToken(token: RefreshTokenRecord): Promise<void> {
    this.db
      .prepare(`INSERT INTO refresh_tokens (${TOKEN_COLUMNS}) VALUES (${placeholders(11)})`)
      .run(...tokenValues(token));
  }

  async findRefreshToken(tokenHash: string): Promise<RefreshTokenRecord | null> {
    const row = this.db
      .prepare(
        `SELECT ${TOKEN_COLUMNS}, ${DB_NOW_MS.sqlite} - consumed_db_ms AS consumed_ago_ms FROM refresh_tokens WHERE token_hash = ?`,
      )
      .get(tokenHash) as Row | undefined;
    return row ? toToken(row) : null;
  }

  async rotateRefreshToken(
    oldId: string,
    consumedAt: number,
    replacement: RefreshTokenRecord,
  ): Promise<RotationResult> {
    return this.db
      .transaction((): RotationResult => {
        const { changes } = this.db
          .prepare(
            `UPDATE refresh_tokens SET consumed_at = ?, consumed_db_ms = ${DB_NOW_MS.sqlite} WHERE id = ? AND consumed_at IS NULL AND revoked_at IS NULL`,
          )
          .run(consumedAt, oldId);
        if (changes !== 1) return 'already-consumed';
        this.db
          .prepare(`INSERT INTO refresh_tokens (${TOKEN_COLUMNS}) VALUES (${placeholders(11)})`)
          .run(...tokenValues(replacement));
        return 'rotated';
      })
      .immediate();
  }

  async revokeFamily(familyId: string, at: number): Promise<number> {
    return this.db
      .prepare('UPDATE refresh_tokens SET revoked_at = ? WHERE family_id = ? AND revoked_at IS NULL')
      .run(at, familyId).changes;
  }

  async revokeAllForUser(userId: string, at: number): Promise<number> {
    return this.db
      .prepare('UPDATE refresh_tokens SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL')
      .run(at, userId).changes;
  }
}

function placeholders(n: number): string {
  return Array.from({ length: n }, () => '?').join(', ');
}
