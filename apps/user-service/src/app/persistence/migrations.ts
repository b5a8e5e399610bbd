/**
 * Versioned schema, one entry per change, never edited once released: add a
 * new version instead. Each runs in its own transaction with its row in
 * `schema_migrations` (issue 4 "versioned migrations that run on start").
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

export const MIGRATIONS: readonly Migration[] = [
  { version: 1, name: 'users and clients', sqlite: usersAndClients('INTEGER'), postgres: usersAndClients('BIGINT') },
  { version: 2, name: 'refresh tokens', sqlite: refreshTokens('INTEGER'), postgres: refreshTokens('BIGINT') },
];
