import type { ClientRecord, RefreshTokenRecord, UserRecord } from './user.repository';

// Column lists and row mappers shared by both engines, so the SQL of the two
// repositories differs only where the dialects do (placeholders, BIGINT parsing).

export const USER_COLUMNS = 'id, email, user_name, display_name, password_hash, created_at';
export const TOKEN_COLUMNS =
  'id, token_hash, user_id, client_id, family_id, parent_id, created_at, expires_at, idle_expires_at, consumed_at, revoked_at';

type Row = Record<string, unknown>;

// pg returns BIGINT as string; better-sqlite3 returns number.
const num = (v: unknown): number => Number(v);
const numOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

export function toUser(row: Row): UserRecord {
  return {
    id: String(row['id']),
    email: String(row['email']),
    userName: String(row['user_name']),
    displayName: String(row['display_name']),
    passwordHash: String(row['password_hash']),
    createdAt: num(row['created_at']),
  };
}

export const CLIENT_COLUMNS = 'id, name, browser';

export function toClient(row: Row): ClientRecord {
  return { id: String(row['id']), name: String(row['name']), browser: Number(row['browser']) === 1 };
}

export function toToken(row: Row): RefreshTokenRecord {
  return {
    id: String(row['id']),
    tokenHash: String(row['token_hash']),
    userId: String(row['user_id']),
    clientId: String(row['client_id']),
    familyId: String(row['family_id']),
    parentId: row['parent_id'] === null ? null : String(row['parent_id']),
    createdAt: num(row['created_at']),
    expiresAt: num(row['expires_at']),
    idleExpiresAt: num(row['idle_expires_at']),
    consumedAt: numOrNull(row['consumed_at']),
    revokedAt: numOrNull(row['revoked_at']),
    consumedAgoMs: numOrNull(row['consumed_ago_ms']),
  };
}

/** Parameter values of a token row, in TOKEN_COLUMNS order. */
export function tokenValues(t: RefreshTokenRecord): unknown[] {
  return [
    t.id,
    t.tokenHash,
    t.userId,
    t.clientId,
    t.familyId,
    t.parentId,
    t.createdAt,
    t.expiresAt,
    t.idleExpiresAt,
    t.consumedAt,
    t.revokedAt,
  ];
}
