import { execFile } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * Restarts the local PostgreSQL cluster the way an operator would
 * (`pg_ctlcluster --skip-systemctl-redirect <version> main restart`; fast
 * shutdown: every open connection is terminated). Returns how long it took.
 * Safe in CI because `npm test` runs e2e-type suites one at a time.
 */
export async function restartPostgres(): Promise<number> {
  const version = readdirSync('/etc/postgresql')[0];
  if (!version) throw new Error('no cluster under /etc/postgresql');
  const started = performance.now();
  await run('pg_ctlcluster', ['--skip-systemctl-redirect', version, 'main', 'restart', '--mode', 'fast'], { timeout: 60_000 });
  return performance.now() - started;
}
