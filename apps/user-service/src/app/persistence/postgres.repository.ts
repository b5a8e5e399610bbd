import { Logger } from '@nestjs/common';
import { Client, Pool, type ClientBase } from 'pg';
import { DuplicateUserError, duplicateFieldFromIndex } from './duplicate-user.error';
import { DB_NOW_MS, MIGRATIONS } from './migrations';
import { DEFAULT_POSTGRES_TIMEOUTS, type PostgresTimeouts } from './postgres-timeouts';
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

// Any fixed number: serialises migrations when several replicas start at once.
const MIGRATION_LOCK = 7101;
const TOKEN_LOCK = 7102;

/** Connections per instance (the pool gauges report it beside the counts). */
const POOL_MAX = 10;

/**
 * Serialises the refresh-token writes of one user (rotation, family and user
 * revocation) for the rest of the transaction. Without it, under READ
 * COMMITTED a revocation's UPDATE takes its snapshot while a rotation is
 * between its UPDATE and COMMIT, so the successor the rotation inserts is not
 * in that snapshot and survives the revocation: a live token in a revoked
 * family (found by tests/reliability concurrency.spec, "replay racing the
 * legitimate refresh"). After the lock, each statement's fresh snapshot sees
 * everything the other side committed.
 */
function lockUserTokens(c: ClientBase, userId: string): Promise<unknown> {
  return c.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [TOKEN_LOCK, userId]);
}

// How long ago the token was consumed, on the database's clock (see RefreshTokenRecord.consumedAgoMs).
const CONSUMED_AGO = `${DB_NOW_MS.postgres} - consumed_db_ms AS consumed_ago_ms`;

const TOKEN_PLACEHOLDERS = Array.from({ length: 11 }, (_, i) => `$${i + 1}`).join(', ');

/**
 * The PostgreSQL engine (`DATABASE_URL=postgres://...`, a `pg` Pool). A row
 * lock makes the conditional UPDATE of a refresh token serialise concurrent
 * rotations: the loser re-evaluates `consumed_at IS NULL` and updates nothing.
 */
export class PostgresUserRepository implements UserRepository {
  readonly engine = 'postgres' as const;
  private readonly pool: Pool;
  private readonly logger = new Logger('PostgreSQL');

  constructor(
    private readonly connectionString: string,
    timeouts: PostgresTimeouts = DEFAULT_POSTGRES_TIMEOUTS,
  ) {
    // connectionTimeoutMillis: while the server is down, fail fast (503) instead of hanging requests forever;
    // the statement timeouts do the same for a server that is up but does not answer (PostgresTimeouts).
    this.pool = new Pool({
      connectionString,
      max: POOL_MAX,
      connectionTimeoutMillis: 5_000,
      statement_timeout: timeouts.statementMs,
      query_timeout: timeouts.responseMs,
      keepAlive: true,
    });
    // An idle client whose server went away (restart, failover) emits 'error' on the pool; unhandled,
    // that would crash the process. The pool already drops the client; the next query opens a new one.
    this.pool.on('error', (error) => this.logger.warn(`PostgreSQL idle connection lost: ${error.message}`));
  }

  /**
   * On a connection of its own, without the request timeouts: a replica
   * starting beside another waits here while the other applies a migration,
   * however long that takes.
   */
  async migrate(): Promise<void> {
    const client = new Client({ connectionString: this.connectionString, connectionTimeoutMillis: 5_000 });
    // Unhandled, a connection lost between two statements would crash the process; the statement fails anyway.
    client.on('error', () => undefined);
    await client.connect();
    try {
      await this.migrateOn(client);
    } finally {
      await client.end().catch(() => undefined);
    }
  }

  private async migrateOn(client: Client): Promise<void> {
    await inTransaction(client, async (c) => {
      await c.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
      await c.query(
        'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)',
      );
    });
    const { rows } = await client.query('SELECT version FROM schema_migrations');
    const applied = new Set(rows.map((r) => Number(r.version)));
    for (const m of MIGRATIONS) {
      if (applied.has(m.version)) continue;
      await inTransaction(client, async (c) => {
        await c.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
        const again = await c.query('SELECT 1 FROM schema_migrations WHERE version = $1', [m.version]);
        if (again.rowCount) return; // another replica applied it while we waited for the lock
        await c.query(m.postgres);
        await c.query('INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)', [
          m.version,
          m.name,
          Date.now(),
        ]);
      });
    }
  }

  async appliedMigrations(): Promise<number[]> {
    const { rows } = await this.pool.query('SELECT version FROM schema_migrations ORDER BY version');
    return rows.map((r) => Number(r.version));
  }

  async ping(): Promise<void> {
    await this.pool.query('SELECT 1');
  }

  connectionStats(): ConnectionStats {
    const { totalCount, idleCount, waitingCount } = this.pool;
    return { open: totalCount, idle: idleCount, waiting: waitingCount, max: POOL_MAX };
  }

  async close(): Promise<void> {
    if (this.pool.ended) return; // idempotent: shutdown may follow an explicit close
    await this.pool.end();
  }

  async createUser(user: NewUser): Promise<UserRecord> {
    try {
      await this.pool.query(`INSERT INTO users (${USER_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6)`, [
        user.id,
        user.email,
        user.userName,
        user.displayName,
        user.passwordHash,
        user.createdAt,
      ]);
    } catch (error) {
      const e = error as { code?: string; constraint?: string };
      // 23505 unique_violation; `constraint` names the index.
      const field = e.code === '23505' ? duplicateFieldFromIndex(String(e.constraint)) : null;
      if (field) throw new DuplicateUserError(field);
      throw error;
    }
    return { ...user };
  }

  async findUserByEmailOrUserName(login: string): Promise<UserRecord | null> {
    const { rows } = await this.pool.query(
      `SELECT ${USER_COLUMNS} FROM users WHERE lower(email) = lower($1) OR lower(user_name) = lower($1) LIMIT 1`,
      [login],
    );
    return rows[0] ? toUser(rows[0]) : null;
  }

  async findUserById(id: string): Promise<UserRecord | null> {
    const { rows } = await this.pool.query(`SELECT ${USER_COLUMNS} FROM users WHERE id = $1`, [id]);
    return rows[0] ? toUser(rows[0]) : null;
  }

  async countUsers(): Promise<number> {
    const { rows } = await this.pool.query('SELECT count(*) AS n FROM users');
    return Number(rows[0].n);
  }

  async findClient(id: string): Promise<ClientRecord | null> {
    const { rows } = await this.pool.query(`SELECT ${CLIENT_COLUMNS} FROM clients WHERE id = $1`, [id]);
    return rows[0] ? toClient(rows[0]) : null;
  }

  async upsertClient(client: ClientRecord): Promise<void> {
    await this.pool.query(
      'INSERT INTO clients (id, name, browser) VALUES ($1, $2, $3) ON CONFLICT (id) DO UPDATE SET name = excluded.name, browser = excluded.browser',
      [client.id, client.name, client.browser ? 1 : 0],
    );
  }

  async insertRefreshToken(token: RefreshTokenRecord): Promise<void> {
    await this.pool.query(
      `INSERT INTO refresh_tokens (${TOKEN_COLUMNS}) VALUES (${TOKEN_PLACEHOLDERS})`,
      tokenValues(token),
    );
  }

  async findRefreshToken(tokenHash: string): Promise<RefreshTokenRecord | null> {
    const { rows } = await this.pool.query(
      `SELECT ${TOKEN_COLUMNS}, ${CONSUMED_AGO} FROM refresh_tokens WHERE token_hash = $1`,
      [tokenHash],
    );
    return rows[0] ? toToken(rows[0]) : null;
  }

  async rotateRefreshToken(
    oldId: string,
    consumedAt: number,
    replacement: RefreshTokenRecord,
  ): Promise<RotationResult> {
    return this.transaction(async (c) => {
      await lockUserTokens(c, replacement.userId);
      const updated = await c.query(
        `UPDATE refresh_tokens SET consumed_at = $1, consumed_db_ms = ${DB_NOW_MS.postgres} WHERE id = $2 AND consumed_at IS NULL AND revoked_at IS NULL`,
        [consumedAt, oldId],
      );
      if (updated.rowCount !== 1) return 'already-consumed';
      await c.query(
        `INSERT INTO refresh_tokens (${TOKEN_COLUMNS}) VALUES (${TOKEN_PLACEHOLDERS})`,
        tokenValues(replacement),
      );
      return 'rotated';
    });
  }

  async revokeFamily(familyId: string, at: number): Promise<number> {
    return this.transaction(async (c) => {
      const owner = await c.query('SELECT user_id FROM refresh_tokens WHERE family_id = $1 LIMIT 1', [familyId]);
      if (!owner.rowCount) return 0;
      await lockUserTokens(c, String(owner.rows[0].user_id));
      const r = await c.query('UPDATE refresh_tokens SET revoked_at = $1 WHERE family_id = $2 AND revoked_at IS NULL', [
        at,
        familyId,
      ]);
      return r.rowCount ?? 0;
    });
  }

  async revokeAllForUser(userId: string, at: number): Promise<number> {
    return this.transaction(async (c) => {
      await lockUserTokens(c, userId);
      const r = await c.query('UPDATE refresh_tokens SET revoked_at = $1 WHERE user_id = $2 AND revoked_at IS NULL', [
        at,
        userId,
      ]);
      return r.rowCount ?? 0;
    });
  }

  private async transaction<T>(work: (client: ClientBase) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      return await inTransaction(client, work);
    } finally {
      // A connection that could not roll back, or whose statement got no answer, is dropped, not reused.
      client.release(unusable.has(client) ? new Error('connection left unusable by a failed transaction') : undefined);
    }
  }
}

/** Connections a failed transaction left in an unknown state. */
const unusable = new WeakSet<ClientBase>();

/**
 * BEGIN, `work`, COMMIT; ROLLBACK when `work` throws, and the error is
 * rethrown. A statement that got no answer within `query_timeout` leaves
 * its connection unusable, and it is not asked to roll back (it would wait
 * as long again): the server rolls back when the connection is dropped.
 */
async function inTransaction<T>(client: ClientBase, work: (client: ClientBase) => Promise<T>): Promise<T> {
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    if (error instanceof Error && error.message === 'Query read timeout') unusable.add(client);
    else await client.query('ROLLBACK').catch(() => unusable.add(client));
    throw error;
  }
}
