import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';

/** Workspace root, from apps/e2e/src/support. */
export const workspaceRoot = join(__dirname, '..', '..', '..', '..');

export type AppName = 'gateway' | 'user-service' | 'web';

/** A built app (dist/apps/<name>/main.js) running as a child process. */
export interface RunningApp {
  readonly name: AppName;
  /** Base URL the app printed, e.g. `http://127.0.0.1:41234`. */
  readonly url: string;
  readonly port: number;
  readonly process: ChildProcess;
  /** Everything the app wrote so far (stdout and stderr), for assertions and failure reports. */
  output(): string;
  stop(): Promise<void>;
}

// Every app prints this line once it listens (scripts/start.mjs and the README rely on it too).
const LISTENING = /Listening on (https?:\/\/[^\s"]+)/;

/**
 * Starts a built app on port 0 (a free port chosen by the OS) and resolves
 * once it prints its URL. Rejects with the app's output if it exits or stays
 * silent for `timeoutMs`.
 */
export function startApp(name: AppName, env: Record<string, string> = {}, timeoutMs = 30_000): Promise<RunningApp> {
  const child = spawn(process.execPath, [join(workspaceRoot, 'dist', 'apps', name, 'main.js')], {
    cwd: workspaceRoot,
    env: { ...process.env, NODE_ENV: 'test', LOG_LEVEL: 'info', HOST: '127.0.0.1', PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  return new Promise<RunningApp>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${name} did not print "Listening on <url>" within ${timeoutMs} ms. Output:\n${output}`));
    }, timeoutMs);
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const match = LISTENING.exec(output);
      if (match && timer) {
        clearTimeout(timer);
        const url = match[1].replace(/\/$/, '');
        resolve({
          name,
          url,
          port: Number(new URL(url).port),
          process: child,
          output: () => output,
          stop: async () => {
            if (child.exitCode === null && child.signalCode === null) {
              child.kill('SIGTERM');
              const killer = setTimeout(() => child.kill('SIGKILL'), 5_000);
              await exited;
              clearTimeout(killer);
            }
          },
        });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    // 'close', not 'exit': it fires after stdout/stderr drained, so the
    // rejection carries the app's last words (e.g. which variable is wrong).
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited (${signal ?? code}) before listening. Output:\n${output}`));
    });
  });
}
