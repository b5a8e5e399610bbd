import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { workspaceRoot } from '@corsway/testing';

// Every temp dir this suite makes (an installed app is ~100 MB): removed by removeTempDirs().
const tempDirs: string[] = [];
function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  tempDirs.push(dir);
  return dir;
}

/** Removes the temp dirs made so far (call in afterAll). */
export function removeTempDirs(): void {
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** Runs a command; resolves with its output, rejects with it on a non-zero exit. */
export function run(cmd: string, args: string[], cwd: string, env: Record<string, string> = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (out += c.toString()));
    child.once('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`${cmd} ${args.join(' ')} exited ${code} in ${cwd}:\n${out}`))));
  });
}

/** The version this workspace resolved for a package (read from its package.json, exports maps notwithstanding). */
export function installedVersion(name: string): string {
  return (JSON.parse(readFileSync(join(workspaceRoot, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;
}

/** `npm pack` of the built package (dist/libs/cors, from `nx build cors`) into a temp dir; the tarball's path. */
export async function packCors(): Promise<string> {
  const dist = join(workspaceRoot, 'dist', 'libs', 'cors');
  if (!existsSync(join(dist, 'package.json'))) throw new Error(`${dist} is missing: run "npx nx build cors" (the e2e target depends on it)`);
  const dir = tempDir('corsway-pack-');
  const out = await run('npm', ['pack', dist, '--pack-destination', dir, '--json', '--loglevel=error'], dir);
  const [{ filename }] = JSON.parse(out.slice(out.indexOf('['))) as { filename: string }[];
  return join(dir, filename);
}

/**
 * A new directory with `files` written and `npm install` of `deps` (plus the
 * tarball) done: the same versions as this workspace, from npm's cache
 * (`--prefer-offline`), no audit/fund round trips.
 */
export async function freshProject(name: string, tarball: string, deps: string[], files: Record<string, string>): Promise<string> {
  const dir = join(tempDir('corsway-fresh-'), name);
  mkdirSync(dir);
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name, version: '0.0.0', private: true }, null, 2));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  const specs = deps.map((d) => `${d}@${installedVersion(d)}`);
  await run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error', tarball, ...specs], dir);
  return dir;
}
