import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs';

/**
 * DATA_DIR holds the user database and the dev signing key: readable by the
 * service's own user only (0700), including a directory an older version
 * created world-readable.
 */
export function securePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
}

/**
 * Creates `file` as 0600 before a library opens it (SQLite creates its -wal
 * and -shm files with the database file's mode), and tightens the files an
 * older version left readable by others.
 */
export function securePrivateFiles(file: string, siblings: string[] = []): void {
  closeSync(openSync(file, 'a', 0o600));
  for (const f of [file, ...siblings]) if (existsSync(f)) chmodSync(f, 0o600);
}
