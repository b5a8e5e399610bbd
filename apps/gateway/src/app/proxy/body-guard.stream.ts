import { Transform, type TransformCallback } from 'node:stream';
import { BodyIdleTimeoutError, BodyTooLargeError } from './upstream-failure';

/**
 * A streamed (larger than `proxy.bufferBodyBytes`) request body on its way to
 * the service: counts bytes and fails once `limit` is passed, so an unbounded
 * upload never reaches the service in full and nothing is buffered to find
 * out its size; and fails when the client pauses longer than `idleMs` between
 * chunks, so a stalled upload does not hold a service connection forever.
 */
export class BodyGuardStream extends Transform {
  private seen = 0;
  private readonly idle: NodeJS.Timeout;

  constructor(
    private readonly limit: number,
    idleMs: number,
  ) {
    super();
    this.idle = setTimeout(() => this.destroy(new BodyIdleTimeoutError(idleMs)), idleMs);
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    this.idle.refresh();
    this.seen += chunk.length;
    if (this.seen > this.limit) done(new BodyTooLargeError(this.limit));
    else done(null, chunk);
  }

  override _flush(done: TransformCallback): void {
    clearTimeout(this.idle);
    done();
  }

  override _destroy(err: Error | null, done: (error?: Error | null) => void): void {
    clearTimeout(this.idle);
    done(err);
  }
}
