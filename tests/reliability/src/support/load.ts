import { call, type CallOptions, type Exchange, NoAnswerError } from './http';

/** What one request of a load run ended as. */
export interface Sample {
  readonly kind: string;
  /** ms since the run started, at send time */
  readonly at: number;
  readonly ms: number;
  /** HTTP status, or `hung` / `network` when no answer came. */
  readonly outcome: number | 'hung' | 'network';
  readonly exchange?: Exchange;
}

/** Sends one request and records it as a sample, never throwing. */
export async function sample(kind: string, t0: number, method: string, url: string, options: CallOptions = {}): Promise<Sample> {
  const at = performance.now() - t0;
  try {
    const exchange = await call(method, url, options);
    return { kind, at, ms: exchange.ms, outcome: exchange.status, exchange };
  } catch (error) {
    if (error instanceof NoAnswerError) return { kind, at, ms: error.ms, outcome: error.kind };
    throw error;
  }
}

/**
 * Open-loop fixed-rate driver: starts `fire()` every 1000/rps ms for
 * `seconds`, whether or not earlier requests finished (a closed loop would
 * slow down with the server and hide latency, "coordinated omission").
 * Resolves when every started request has settled.
 */
export async function fixedRate(rps: number, seconds: number, fire: (i: number) => Promise<void>): Promise<number> {
  const interval = 1000 / rps;
  const total = Math.round(rps * seconds);
  const started = performance.now();
  const inFlight: Promise<void>[] = [];
  for (let i = 0; i < total; i++) {
    const due = started + i * interval;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    inFlight.push(fire(i));
  }
  await Promise.all(inFlight);
  return total;
}

/**
 * Like {@link fixedRate}, but runs until `done()` turns true (checked before
 * each send) or `maxSeconds` pass: for fault tests whose phases (a restart)
 * take as long as they take on a busy machine.
 */
export async function fixedRateUntil(rps: number, done: () => boolean, maxSeconds: number, fire: (i: number) => Promise<void>): Promise<number> {
  const interval = 1000 / rps;
  const started = performance.now();
  const inFlight: Promise<void>[] = [];
  let i = 0;
  for (; !done() && performance.now() - started < maxSeconds * 1000; i++) {
    const wait = started + i * interval - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    inFlight.push(fire(i));
  }
  await Promise.all(inFlight);
  return i;
}
