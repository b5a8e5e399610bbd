import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/** The repository root (this file is deploy/src/support/repo.ts). */
export const REPO_ROOT = join(__dirname, '..', '..', '..');

export function repoPath(...parts: string[]): string {
  return join(REPO_ROOT, ...parts);
}

export function readRepoFile(...parts: string[]): string {
  return readFileSync(repoPath(...parts), 'utf8');
}

export function repoFileExists(...parts: string[]): boolean {
  return existsSync(repoPath(...parts));
}

/** Every `.ts` file under `dir` (repo-relative paths), skipping node_modules. */
export function listTsFiles(dir: string): string[] {
  const abs = repoPath(dir);
  if (!existsSync(abs)) return [];
  const out: string[] = [];
  const walk = (path: string) => {
    for (const name of readdirSync(path)) {
      if (name === 'node_modules') continue;
      const child = join(path, name);
      if (statSync(child).isDirectory()) walk(child);
      else if (name.endsWith('.ts')) out.push(relative(REPO_ROOT, child));
    }
  };
  walk(abs);
  return out.sort();
}
