import { EventEmitter } from 'node:events';

/**
 * The abort handle of one proxied request: the client going away or the
 * route's deadline aborts the upstream call. undici accepts an EventEmitter
 * with `aborted`/`reason` as its `signal`; it is much cheaper to create than
 * an AbortController, which showed up in the hot-path profile.
 */
export class UpstreamAbort extends EventEmitter {
  aborted = false;
  reason: unknown = undefined;

  abort(reason?: unknown): void {
    if (this.aborted) return;
    this.aborted = true;
    this.reason = reason;
    this.emit('abort');
  }
}
