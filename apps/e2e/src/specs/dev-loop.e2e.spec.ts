import { type ChildProcess, spawn } from 'node:child_process';
import { rmSync, statSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { workspaceRoot } from '@corsway/testing';

const LISTENING = /Listening on (http:\/\/\S+)/g;

/** Waits until `predicate(output)` holds, or fails with the output after `ms`. */
function until(read: () => string, predicate: (out: string) => boolean, ms: number, what: string): Promise<void> {
  const deadline = Date.now() + ms;
  return new Promise((resolve, reject) => {
    const tick = () => {
      if (predicate(read())) return resolve();
      if (Date.now() > deadline) return reject(new Error(`no ${what} within ${ms} ms. Output:\n${read().slice(-4000)}`));
      setTimeout(tick, 200);
    };
    tick();
  });
}

/**
 * `nx serve <app>`, as a developer runs it with NX_DAEMON=false: one build in
 * development mode, the app starts, a source change rebuilds and restarts it.
 * Builds into tmp/ (not dist/, which other suites run) via --output-path.
 */
describe('nx serve: one development build, restart on change, no daemon', () => {
  const out = join('tmp', `serve-test-${process.pid}`);
  const source = join(workspaceRoot, 'apps', 'web', 'src', 'main.ts');
  let serve: ChildProcess | undefined;
  let output = '';
  const original = statSync(source);

  afterAll(() => {
    if (serve?.pid) {
      try {
        process.kill(-serve.pid, 'SIGTERM');
      } catch {
        // already gone
      }
    }
    utimesSync(source, original.atime, original.mtime);
    rmSync(join(workspaceRoot, out), { recursive: true, force: true });
  });

  it('starts web once from a development build, then restarts it after a source file changes', async () => {
    serve = spawn('npx', ['nx', 'serve', 'web', `--output-path=${out}/web`], {
      cwd: workspaceRoot,
      env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false', PORT: '0', HOST: '127.0.0.1', NODE_ENV: 'development', LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true, // its own process group: nx, the serve script and the app stop together
    });
    serve.stdout?.on('data', (c: Buffer) => (output += c.toString('utf8')));
    serve.stderr?.on('data', (c: Buffer) => (output += c.toString('utf8')));
    const read = () => output;
    const listening = () => [...output.matchAll(LISTENING)].length;

    await until(read, () => listening() >= 1, 120_000, 'first "Listening on" line');
    expect(output).toMatch(/\[serve web\] built in \d+ ms \(development\)/);
    expect(output.match(/\[serve web\] built in/g)).toHaveLength(1); // one build, not production then development
    const first = [...output.matchAll(LISTENING)][0][1];
    expect((await fetch(`${first}/health`)).status).toBe(200);

    const now = new Date();
    utimesSync(source, now, now);
    await until(read, () => /rebuilt after a change/.test(output) && listening() >= 2, 120_000, 'restart after the change');
    const second = [...output.matchAll(LISTENING)][1][1];
    expect((await fetch(`${second}/health`)).status).toBe(200);
    // The first process is gone: the restart is a stop and a start, not a second server.
    if (second !== first) await expect(fetch(`${first}/health`)).rejects.toThrow();
  }, 300_000);
});
