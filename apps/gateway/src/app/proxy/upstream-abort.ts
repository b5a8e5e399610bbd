/**
 * The abort handle of one proxied request: the client going away or the
 * route's deadline aborts the upstream call, whichever attempt is running.
 * A plain object, not an AbortController or EventEmitter: it is created for
 * every request (the profile in bench/README.md), and undici hands each attempt its own
 * abort function, which is all there is to call.
 *
 * undici hands that function over only once a pool connection is assigned
 * (its own `signal` option waits the same way), so an attempt still queued
 * for a connection registers with `whileQueued`: an abort then fails it at once.
 * Without that, a request queued behind answers that stream for minutes
 * waited for them, past its deadline and after its client had left.
 */
export class UpstreamAbort {
  aborted = false;
  reason: unknown = undefined;
  private current: ((reason?: Error) => void) | null = null;
  private queued: QueuedAttempt | null = null;

  /** The attempt waits for a pool connection: an abort before `attach` fails it. */
  whileQueued(attempt: QueuedAttempt): void {
    this.queued = attempt;
  }

  /** The running attempt's abort (undici `onConnect`); fires at once if already aborted. */
  attach(abortAttempt: (reason?: Error) => void): void {
    this.queued = null;
    this.current = abortAttempt;
    if (this.aborted) abortAttempt(this.reason instanceof Error ? this.reason : undefined);
  }

  detach(): void {
    this.current = null;
    this.queued = null;
  }

  abort(reason?: Error): void {
    if (this.aborted) return;
    this.aborted = true;
    this.reason = reason;
    if (this.current !== null) this.current(reason);
    else this.queued?.onError(reason ?? new Error('aborted while waiting for a connection'));
  }
}

/** What an abort before a connection fails (the attempt itself: no closure per request). */
export interface QueuedAttempt {
  onError(reason: Error): void;
}
