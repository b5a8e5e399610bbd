/**
 * The one persistence contract of user-service. Two
 * engines implement it: SQLite (embedded default) and PostgreSQL. The same
 * contract suite runs against both.
 */
export const USER_REPOSITORY = Symbol('USER_REPOSITORY');

export interface UserRecord {
  id: string;
  email: string;
  userName: string;
  displayName: string;
  passwordHash: string;
  createdAt: number;
}

export interface ClientRecord {
  id: string;
  name: string;
  /** A browser client: the refresh token travels only in the HttpOnly cookie, never in the body. */
  browser: boolean;
}

export interface RefreshTokenRecord {
  id: string;
  /** SHA-256 of the opaque token (base64url); the token itself is never stored. */
  tokenHash: string;
  userId: string;
  clientId: string;
  familyId: string;
  parentId: string | null;
  createdAt: number;
  /** Absolute expiry of the whole family (epoch ms). */
  expiresAt: number;
  /** Idle expiry of this token (epoch ms). */
  idleExpiresAt: number;
  consumedAt: number | null;
  revokedAt: number | null;
  /**
   * How long ago it was consumed, measured by the database's clock (read and write on one clock,
   * whichever instance did either); null when unconsumed. Only on records read back.
   */
  consumedAgoMs?: number | null;
}

export type NewUser = Omit<UserRecord, 'createdAt'> & { createdAt: number };

/** Outcome of the atomic consume-and-replace of a refresh token. */
export type RotationResult = 'rotated' | 'already-consumed';

/** A snapshot of the engine's connections (a `pg.Pool`'s counts; SQLite's one handle). */
export interface ConnectionStats {
  /** Connections open now. */
  open: number;
  /** Of those, connections not running a query. */
  idle: number;
  /** Queries waiting for a connection. */
  waiting: number;
  /** The most connections the engine opens. */
  max: number;
}

export interface UserRepository {
  /** Engine name for logs and health: `sqlite` or `postgres`. */
  readonly engine: 'sqlite' | 'postgres';
  /** Applies pending versioned migrations (idempotent, run on start). */
  migrate(): Promise<void>;
  /** Schema versions applied, ascending. */
  appliedMigrations(): Promise<number[]>;
  ping(): Promise<void>;
  close(): Promise<void>;
  /** The connections now, for the pool gauges read at scrape time (metrics/database-pool.metrics.ts). */
  connectionStats(): ConnectionStats;

  /** Inserts a user; a case-insensitive duplicate throws `DuplicateUserError` (the DB's unique index decides). */
  createUser(user: NewUser): Promise<UserRecord>;
  findUserByEmailOrUserName(login: string): Promise<UserRecord | null>;
  findUserById(id: string): Promise<UserRecord | null>;
  countUsers(): Promise<number>;

  findClient(id: string): Promise<ClientRecord | null>;
  upsertClient(client: ClientRecord): Promise<void>;

  insertRefreshToken(token: RefreshTokenRecord): Promise<void>;
  findRefreshToken(tokenHash: string): Promise<RefreshTokenRecord | null>;
  /**
   * In one transaction: marks `oldId` consumed only if it is still unconsumed
   * and unrevoked (one conditional UPDATE, affected rows checked), and if so
   * inserts `replacement`. Exactly one of N concurrent callers gets `rotated`.
   */
  rotateRefreshToken(oldId: string, consumedAt: number, replacement: RefreshTokenRecord): Promise<RotationResult>;
  /** Revokes every token of the family; returns how many were live. */
  revokeFamily(familyId: string, at: number): Promise<number>;
  /** Revokes every token of the user (logout-all); returns how many were live. */
  revokeAllForUser(userId: string, at: number): Promise<number>;
}
