import { spawn, type ChildProcess } from 'node:child_process';

export interface NodeApp {
  readonly url: string;
  stop(): Promise<void>;
}

/** Starts `node <script> ...args` in `cwd` and resolves on its "Listening on <url>" line; rejects with its output if it exits first. */
export function startNodeApp(cwd: string, script: string, args: string[] = [], timeoutMs = 30_000): Promise<NodeApp> {
  const child: ChildProcess = spawn(process.execPath, [script, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`no "Listening on" within ${timeoutMs} ms:\n${output}`));
    }, timeoutMs);
    const onData = (c: Buffer) => {
      output += c.toString();
      const m = /Listening on (http:\/\/\S+)/.exec(output);
      if (!m) return;
      clearTimeout(timer);
      resolve({
        url: m[1],
        stop: () => new Promise<void>((done) => {
          if (child.exitCode !== null) return done();
          child.once('exit', () => done());
          child.kill('SIGTERM');
        }),
      });
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('close', (code) => {
      clearTimeout(timer);
      reject(new Error(`exited ${code} before listening:\n${output}`));
    });
  });
}
