/** Exponential back-off bounds for retries against Consul. */
export interface BackoffOptions {
  /** First delay in ms (doubled per consecutive failure). */
  readonly baseMs: number;
  /** Upper bound in ms. */
  readonly maxMs: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 500, maxMs: 30_000 };

/**
 * Delay before retry number `attempt` (1-based), with "equal jitter" so many
 * gateways/instances restarting together do not hit Consul in lockstep.
 */
export function backoffDelay(attempt: number, options: BackoffOptions, random: () => number = Math.random): number {
  const exp = Math.min(options.maxMs, options.baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(exp / 2 + (random() * exp) / 2);
}

/** A sleep that `cancel()` ends early (used so `stop()` never waits out a back-off). */
export function cancellableDelay(ms: number): { promise: Promise<void>; cancel(): void } {
  let timer: NodeJS.Timeout | undefined;
  let done!: () => void;
  const promise = new Promise<void>((resolve) => {
    done = resolve;
    timer = setTimeout(resolve, ms);
  });
  return {
    promise,
    cancel: () => {
      if (timer) clearTimeout(timer);
      done();
    },
  };
}
