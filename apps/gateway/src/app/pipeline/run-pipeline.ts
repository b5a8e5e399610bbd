import type { GatewayAnswers } from './gateway-answers';
import type { GatewayContext } from './gateway-context';
import { HANDLED, type PipelineStage, type StageOutcome } from './pipeline-stage';

/**
 * Runs `stages` in order from `from`. Synchronous stages run in one loop; a
 * stage that returns a promise suspends the loop until it settles (so a route
 * without rate limit or auth never allocates one). A throw or rejection ends
 * the request through `answers.fail`; a stage returning HANDLED ends it too.
 */
export function runPipeline(stages: readonly PipelineStage[], ctx: GatewayContext, answers: GatewayAnswers, from = 0): void {
  for (let i = from; i < stages.length; i++) {
    let outcome: StageOutcome | Promise<StageOutcome>;
    try {
      outcome = stages[i].run(ctx);
    } catch (err) {
      answers.fail(ctx, err);
      return;
    }
    if (outcome === undefined) continue;
    if (outcome === HANDLED) return;
    const next = i + 1;
    outcome.then(
      (done) => {
        // The client may have left while we waited: nothing to answer, nothing to forward.
        if (done !== HANDLED && !ctx.clientGone) runPipeline(stages, ctx, answers, next);
      },
      (err: unknown) => answers.fail(ctx, err),
    );
    return;
  }
}
