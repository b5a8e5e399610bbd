import { mkdirSync, rmSync, statSync } from 'node:fs';

const POLL_MS = 50;
/** Generating two EC keys takes well under a second; a lock older than this was left by a killed process. */
const STALE_MS = 15_000;
const WAIT_MS = 30_000;

/**
 * A lock between processes: `mkdir` either creates the directory or fails with
 * EEXIST, atomically, on every local file system. Returns the release function.
 */
export async function acquireLock(path: string, waitMs = WAIT_MS): Promise<() => void> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    try {
      mkdirSync(path);
      return () => rmSync(path, { recursive: true, force: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    if (isStale(path)) {
      rmSync(path, { recursive: true, force: true });
      continue;
    }
    if (Date.now() > deadline) throw new Error(`${path} is held by another process for more than ${waitMs} ms; remove it if no app is starting`);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

function isStale(path: string): boolean {
  try {
    return Date.now() - statSync(path).mtimeMs > STALE_MS;
  } catch {
    return false; // released meanwhile: the next mkdir will tell
  }
}
