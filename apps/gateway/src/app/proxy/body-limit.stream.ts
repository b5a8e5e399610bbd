import { Transform, type TransformCallback } from 'node:stream';
import { BodyTooLargeError } from './upstream-failure';

/**
 * Counts bytes of a chunked request body as they stream through and fails the
 * stream once the limit is passed, so an unbounded upload never reaches the
 * upstream in full and nothing is buffered to find out its size.
 */
export class BodyLimitStream extends Transform {
  private seen = 0;

  constructor(private readonly limit: number) {
    super();
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    this.seen += chunk.length;
    if (this.seen > this.limit) done(new BodyTooLargeError(this.limit));
    else done(null, chunk);
  }
}
