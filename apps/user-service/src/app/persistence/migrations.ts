/**
 * Versioned schema, one entry per change, never edited once released: add a
 * new version instead. Each runs in its own transaction with its row in
 * `schema_migrations`, applied on start.
 *
 * Uniqueness of email and user name is the database's job (unique indexes on
 * lower(...)), so two concurrent registrations cannot both win. Times are
 * epoch milliseconds in both engines.
 */
export interface Migration {
  version: number;
  name: string;
  sqlite: string;
  postgres: string;
}

const usersAndClients = (bigint: string) => `
CREATE TABLE users (
  id TEXT PRIMARY KEY,
  email TEXT NOT NULL,
  user_name TEXT NOT NULL,
  display_name TEXT NOT NULL,
  password_hash TEXT NOT NULL,
  created_at ${bigint} NOT NULL
);
CREATE UNIQUE INDEX users_email_lower ON users (lower(email));
CREATE UNIQUE INDEX users_user_name_lower ON users (lower(user_name));
CREATE TABLE clients (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL
);
INSERT INTO clients (id, name) VALUES ('web', 'Corsway web app');
`;

const refreshTokens = (bigint: string) => `
CREATE TABLE refresh_tokens (
  id TEXT PRIMARY KEY,
  token_hash TEXT NOT NULL UNIQUE,
  user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  client_id TEXT NOT NULL REFERENCES clients (id),
  family_id TEXT NOT NULL,
  parent_id TEXT NULL,
  created_at ${bigint} NOT NULL,
  expires_at ${bigint} NOT NULL,
  idle_expires_at ${bigint} NOT NULL,
  consumed_at ${bigint} NULL,
  revoked_at ${bigint} NULL
);
CREATE INDEX refresh_tokens_family ON refresh_tokens (family_id);
CREATE INDEX refresh_tokens_user ON refresh_tokens (user_id);
`;

// Per-client token delivery: a browser client (`web`) gets its refresh token only in the
// HttpOnly cookie; `cli` is the non-browser client (native apps, scripts, tests) that keeps it
// in the body. `consumed_db_ms` is the database's own clock at consumption, so the
// concurrent-refresh leeway compares two readings of one clock, not two instances' clocks.
const clientKindsAndDbClock = (nowMs: string) => `
ALTER TABLE clients ADD COLUMN browser INTEGER NOT NULL DEFAULT 0;
UPDATE clients SET browser = 1 WHERE id = 'web';
INSERT INTO clients (id, name, browser) VALUES ('cli', 'Non-browser clients (refresh token in the body)', 0)
  ON CONFLICT (id) DO NOTHING;
ALTER TABLE refresh_tokens ADD COLUMN consumed_db_ms BIGINT NULL;
UPDATE refresh_tokens SET consumed_db_ms = ${nowMs} WHERE consumed_at IS NOT NULL;
`;

/** The database clock in epoch milliseconds, per engine. */
export const DB_NOW_MS = {
  sqlite: "CAST(unixepoch('subsec') * 1000 AS INTEGER)",
  postgres: '(extract(epoch from clock_timestamp()) * 1000)::bigint',
} as const;

export const MIGRATIONS: readonly Migration[] = [
  { version: 1, name: 'users and clients', sqlite: usersAndClients('INTEGER'), postgres: usersAndClients('BIGINT') },
  { version: 2, name: 'refresh tokens', sqlite: refreshTokens('INTEGER'), postgres: refreshTokens('BIGINT') },
  {
    version: 3,
    name: 'browser clients and the database clock for refresh races',
    sqlite: clientKindsAndDbClock(DB_NOW_MS.sqlite),
    postgres: clientKindsAndDbClock(DB_NOW_MS.postgres),
  },
];
