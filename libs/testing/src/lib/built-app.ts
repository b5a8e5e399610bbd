import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';

/** Workspace root, from libs/testing/src/lib. */
export const workspaceRoot = join(__dirname, '..', '..', '..', '..');

export type AppName = 'gateway' | 'user-service' | 'web';

/** How to start a built app. */
export interface StartAppOptions {
  /** Give up after this long without the `Listening on` line (default 30 s). */
  timeoutMs?: number;
  /** The script to run instead of `dist/apps/<name>/main.js` (this lib's own tests). */
  main?: string;
}

/** A built app (dist/apps/<name>/main.js) running as a child process. */
export interface RunningApp {
  readonly name: AppName;
  /** Base URL the app printed, e.g. `http://127.0.0.1:41234`. */
  readonly url: string;
  readonly port: number;
  readonly pid: number;
  readonly process: ChildProcess;
  /** The environment it was started with (to restart it the same way). */
  readonly env: Readonly<Record<string, string>>;
  /** Everything the app wrote so far (stdout and stderr), for failure messages. */
  output(): string;
  /** SIGTERM, then SIGKILL after 5 s. */
  stop(): Promise<void>;
  /** SIGKILL at once: a crash, not a shutdown (fault tests). */
  kill(): Promise<void>;
}

// Every app prints this line once it listens (docs/ARCHITECTURE.md; scripts/start.mjs relies on it too).
const LISTENING = /Listening on (https?:\/\/[^\s"]+)/;

/**
 * Starts a built app (`PORT=0` unless `env.PORT` says otherwise) and resolves
 * once it prints its URL. Rejects with the app's output if it exits first or
 * stays silent for `timeoutMs`. Shared by the e2e, deploy and reliability
 * suites (and the contract `npm start` relies on).
 */
export function startApp(name: AppName, env: Record<string, string> = {}, options: StartAppOptions | number = {}): Promise<RunningApp> {
  const { timeoutMs = 30_000, main = join(workspaceRoot, 'dist', 'apps', name, 'main.js') } = typeof options === 'number' ? { timeoutMs: options } : options;
  const fullEnv = { NODE_ENV: 'test', LOG_LEVEL: 'warn', HOST: '127.0.0.1', PORT: '0', ...env };
  const child = spawn(process.execPath, [main], {
    cwd: workspaceRoot,
    env: { ...process.env, ...fullEnv },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const alive = () => child.exitCode === null && child.signalCode === null;

  return new Promise<RunningApp>((resolve, reject) => {
    let settled = false;
    const timer = setTimeout(() => {
      settled = true;
      child.kill('SIGKILL');
      reject(new Error(`${name} did not print "Listening on <url>" within ${timeoutMs} ms. Output:\n${output}`));
    }, timeoutMs);
    const onData = (chunk: Buffer) => {
      // Keep the last 200 kB only: a soak must not grow the test runner's heap.
      output = (output + chunk.toString('utf8')).slice(-200_000);
      const match = settled ? null : LISTENING.exec(output);
      if (!match) return;
      settled = true;
      clearTimeout(timer);
      const url = match[1].replace(/\/$/, '').replace('//localhost:', '//127.0.0.1:');
      resolve({
        name,
        url,
        port: Number(new URL(url).port),
        pid: child.pid ?? -1,
        process: child,
        env: fullEnv,
        output: () => output,
        stop: async () => {
          if (!alive()) return;
          child.kill('SIGTERM');
          const killer = setTimeout(() => child.kill('SIGKILL'), 5_000);
          await exited;
          clearTimeout(killer);
        },
        kill: async () => {
          if (!alive()) return;
          child.kill('SIGKILL');
          await exited;
        },
      });
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    // 'close', not 'exit': by then stdout/stderr are drained, so the error shows the app's last words.
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      if (settled) return;
      settled = true;
      reject(new Error(`${name} exited (${signal ?? code}) before listening. Output:\n${output}`));
    });
  });
}

/** Starts `app` again with the same environment on the same port (clients keep their URL). */
export function restartOnSamePort(app: RunningApp, options: StartAppOptions | number = {}): Promise<RunningApp> {
  return startApp(app.name, { ...app.env, PORT: String(app.port) }, options);
}

/** Resident set size of a process in bytes (Linux /proc), for "memory stays flat". */
export async function rssBytes(pid: number): Promise<number> {
  const { readFile } = await import('node:fs/promises');
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const match = /VmRSS:\s+(\d+)\s+kB/.exec(status);
  if (!match) throw new Error(`no VmRSS for pid ${pid}`);
  return Number(match[1]) * 1024;
}
