import { spawn, type ChildProcess } from 'node:child_process';
import { repoPath } from './repo';

/** A built app (`dist/apps/<app>/main.js`) running as a child process. */
export interface RunningApp {
  readonly url: string;
  readonly process: ChildProcess;
  /** Everything the app printed, for failure messages. */
  output(): string;
  /** SIGTERM, then wait for exit (SIGKILL after `graceMs`). */
  stop(graceMs?: number): Promise<number | null>;
}

/**
 * Starts a built app with `env` and resolves once it prints the team's
 * `Listening on http://<host>:<port>` line (team brief), or rejects with its
 * output if it exits first or does not listen within `timeoutMs`.
 */
export function startBuiltApp(app: string, env: Record<string, string>, timeoutMs = 30_000): Promise<RunningApp> {
  const child = spawn(process.execPath, [repoPath('dist', 'apps', app, 'main.js')], {
    cwd: repoPath(),
    env: { PATH: process.env['PATH'] ?? '', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return new Promise<RunningApp>((resolve, reject) => {
    const timer = setTimeout(() => fail(`did not print "Listening on" within ${timeoutMs} ms`), timeoutMs);
    const fail = (why: string) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new Error(`${app} ${why}:\n${output}`));
    };
    const exitedEarly = (code: number | null) => fail(`exited with ${code} before listening`);
    child.once('exit', exitedEarly);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /Listening on (http:\/\/\S+)/.exec(output);
      if (!match) return;
      clearTimeout(timer);
      child.off('exit', exitedEarly);
      child.stdout?.off('data', onData);
      child.stdout?.on('data', (more: Buffer) => (output += more.toString()));
      resolve({
        url: match[1].replace('//localhost:', '//127.0.0.1:'),
        process: child,
        output: () => output,
        stop: async (graceMs = 10_000) => {
          if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
          child.kill('SIGTERM');
          const killer = setTimeout(() => child.kill('SIGKILL'), graceMs);
          const code = await exited;
          clearTimeout(killer);
          return code;
        },
      });
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  });
}

/** Polls `probe` until it returns a value that is not undefined (bounded by the test's timeout). */
export async function eventually<T>(probe: () => Promise<T | undefined>, everyMs = 100): Promise<T> {
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}
