/**
 * The abort handle of one proxied request: the client going away or the
 * route's deadline aborts the upstream call, whichever attempt is running.
 * A plain object, not an AbortController or EventEmitter: it is created for
 * every request (the profile in bench/README.md), and undici hands each attempt its own
 * abort function, which is all there is to call.
 */
export class UpstreamAbort {
  aborted = false;
  reason: unknown = undefined;
  private current: ((reason?: Error) => void) | null = null;

  /** The running attempt's abort (undici `onConnect`); fires at once if already aborted. */
  attach(abortAttempt: (reason?: Error) => void): void {
    this.current = abortAttempt;
    if (this.aborted) abortAttempt(this.reason instanceof Error ? this.reason : undefined);
  }

  detach(): void {
    this.current = null;
  }

  abort(reason?: Error): void {
    if (this.aborted) return;
    this.aborted = true;
    this.reason = reason;
    this.current?.(reason);
  }
}
