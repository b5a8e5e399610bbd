import type { Writable } from 'node:stream';
import type { Dispatcher } from 'undici';
import type { UpstreamAbort } from './upstream-abort';

/**
 * One upstream attempt as an undici dispatch handler, streaming the answer
 * into the client's response: each body chunk is written as it arrives, and
 * the upstream socket pauses while the client's is full (`onData` returns
 * false until 'drain'). `pool.stream()` does the same through a
 * factory, an AsyncResource, parsed header objects and `finished()` (which
 * puts six listeners on every response); this is the part of it a proxy needs.
 * `done` gets `null` once the body is complete, or the error.
 */
export class UpstreamAttempt implements Dispatcher.DispatchHandler {
  /** True once `onHead` ran: the client has (or was about to get) a status line; no retry. */
  responded = false;
  /** True once undici assigned a pool connection (`onConnect`). */
  connected = false;
  /** True once `done` was called: undici's later callbacks (an abort of a queued attempt) are ignored. */
  private ended = false;
  private statusCode = 0;
  private res: Writable | null = null;
  private resume: (() => void) | null = null;

  constructor(
    private readonly abort: UpstreamAbort,
    private readonly onHead: (statusCode: number, rawHeaders: Buffer[]) => Writable,
    private readonly done: (err: Error | null) => void,
    /** Called when a pool connection is assigned and the request is about to be written. */
    private readonly onConnected?: () => void,
  ) {
    abort.whileQueued(this);
  }

  onConnect(abort: (err?: Error) => void): void {
    // Failed while queued (deadline, client gone): the connection is not used.
    if (this.ended) return abort();
    this.connected = true;
    this.abort.attach(abort);
    this.onConnected?.();
  }

  onHeaders(statusCode: number, rawHeaders: Buffer[], resume: () => void): boolean {
    // 1xx (RFC 9110 §15.2) is informational: the final answer follows.
    if (statusCode < 200) return true;
    this.responded = true;
    this.statusCode = statusCode;
    this.resume = resume;
    this.res = this.onHead(statusCode, rawHeaders);
    return true;
  }

  onData(chunk: Buffer): boolean {
    const res = this.res as Writable;
    if (res.write(chunk)) return true;
    res.once('drain', this.resume as () => void);
    return false;
  }

  onComplete(): void {
    if (this.ended) return;
    this.ended = true;
    this.abort.detach();
    this.res?.end();
    this.done(null);
  }

  onError(err: Error): void {
    if (this.ended) return;
    if (this.endsWithoutContent(err)) return this.onComplete();
    this.ended = true;
    this.abort.detach();
    this.done(err);
  }

  /**
   * A 204 or 304 has no content whatever its Content-Length says (RFC 9110
   * §8.6, §15.3.5, §15.4.5: a 304 may state the length a 200 would have had).
   * undici 7 still expects that many bytes and fails the response when the
   * head ends it; the answer is complete, and undici has already closed the
   * connection, so anything the service sent after the head is never read as
   * the next response.
   */
  private endsWithoutContent(err: Error): boolean {
    return (
      (this.statusCode === 204 || this.statusCode === 304) &&
      (err as { code?: string }).code === 'UND_ERR_RES_CONTENT_LENGTH_MISMATCH'
    );
  }
}
