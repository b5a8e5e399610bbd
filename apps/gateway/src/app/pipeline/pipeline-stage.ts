import type { GatewayContext } from './gateway-context';

/** A stage returns this when it answered (or took over) the request: later stages do not run. */
export const HANDLED = Symbol('handled');

export type StageOutcome = void | typeof HANDLED;

/**
 * One step of the gateway pipeline. `run` is synchronous unless the stage
 * must wait (a Redis rate-limit count, a key-set fetch): then it returns a
 * promise, and only then does the request pay for one. A stage refuses a
 * request by throwing a `GatewayHttpError`; the pipeline answers it with the
 * envelope and the head built so far.
 */
export interface PipelineStage {
  /** For logs and docs: the concern, as listed in gateway.pipeline.ts. */
  readonly name: string;
  run(ctx: GatewayContext): StageOutcome | Promise<StageOutcome>;
}
