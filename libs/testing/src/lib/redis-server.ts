import { type ChildProcess, spawn } from 'node:child_process';
import { reserveFreePort } from './free-port';

/**
 * A real redis-server of the test's own on a free port (never the shared
 * 6379 one, which suites running in parallel use), for tests that take Redis
 * away: `kill` (down: connections refused) or `pause` (hung: SIGSTOP, so
 * connections stay open and commands get no answer, as on a network that
 * drops packets). `stop` resumes a paused server first, so it always exits.
 */
export class TestRedisServer {
  private child: ChildProcess | null = null;
  private paused = false;

  private constructor(readonly port: number) {}

  static async start(): Promise<TestRedisServer> {
    const server = new TestRedisServer(await reserveFreePort());
    await server.restart();
    return server;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  /** Starts it again on the same port (an empty Redis: nothing is saved). */
  restart(): Promise<void> {
    const child = spawn('redis-server', ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    this.child = child;
    this.paused = false;
    return new Promise((resolve, reject) => {
      child.stdout?.on('data', (c: Buffer) => {
        if (c.toString().includes('Ready to accept connections')) resolve();
      });
      child.once('exit', (code) => reject(new Error(`redis-server exited (${code})`)));
    });
  }

  /** SIGSTOP: hung, its connections open and unanswered. */
  pause(): void {
    this.child?.kill('SIGSTOP');
    this.paused = true;
  }

  resume(): void {
    if (this.paused) this.child?.kill('SIGCONT');
    this.paused = false;
  }

  /** SIGKILL: down. */
  async kill(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    this.resume();
    child.kill('SIGKILL');
    await exited;
  }

  stop(): Promise<void> {
    return this.kill();
  }
}
