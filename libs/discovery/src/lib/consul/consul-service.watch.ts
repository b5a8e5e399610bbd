import { EventEmitter } from 'node:events';
import type { IncomingMessage } from 'node:http';
import type Consul from 'consul';
import type { ServiceInstance } from '../service-instance';
import { backoffDelay, cancellableDelay, type BackoffOptions } from './backoff';
import { nextBlockingIndex, parseConsulIndex } from './blocking-index';
import { consulCall } from './consul-client';
import { toServiceInstances } from './consul-health.mapper';

/** Tuning of one blocking-query loop. */
export interface ConsulWatchTuning {
  /** Consul duration sent as `wait`, e.g. `30s` (Consul: default 5m, max 10m). */
  readonly wait: string;
  /** The same duration in ms, to bound the HTTP request. */
  readonly waitMs: number;
  /** Minimum time between two requests of one loop (Consul: "rate-limit the loop"). */
  readonly minIntervalMs: number;
  readonly backoff: BackoffOptions;
}

export interface ConsulWatchListener {
  onAnswer(service: string, instances: readonly ServiceInstance[], index: number): void;
  onFailure(service: string, error: Error, consecutiveFailures: number): void;
}

/**
 * One background loop over `GET /v1/health/service/<name>?passing` with blocking
 * queries. Written over the client's `health.service` rather than its `watch()`
 * because `watch()` re-sends index 0 as a blocking index after a reset, spins
 * without a rate limit when an index does not move, and gives up on a 400;
 * the reference's rules (consul-http-api.md "Blocking queries") ask for the
 * opposite on all three.
 *
 * The client v2 returns only the body; passing a `ctx` EventEmitter with
 * `includeResponse = true` (the mechanism its own `Watch` uses) makes it return
 * `[response, body]`, which gives us `X-Consul-Index`, and emitting `cancel` on
 * that ctx aborts the pending request so `stop()` never waits out a 30 s block.
 */
export class ConsulServiceWatch {
  private stopped = false;
  private index = 0;
  private inFlight: (EventEmitter & { includeResponse?: boolean }) | undefined;
  private sleeping: { cancel(): void } | undefined;
  private loop: Promise<void> | undefined;
  private settle!: () => void;
  /** Resolves after the first answer or the first failure. */
  readonly firstResult = new Promise<void>((resolve) => (this.settle = resolve));

  constructor(
    readonly service: string,
    private readonly consul: Consul,
    private readonly tuning: ConsulWatchTuning,
    private readonly listener: ConsulWatchListener,
  ) {}

  start(): void {
    this.loop ??= this.run();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.inFlight?.emit('cancel');
    this.sleeping?.cancel();
    this.settle();
    await this.loop;
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (!this.stopped) {
      const startedAt = Date.now();
      let pause: number;
      try {
        const { body, index } = await this.fetch();
        if (this.stopped) break;
        const instances = toServiceInstances(this.service, body);
        failures = 0;
        this.index = nextBlockingIndex(this.index, index);
        this.listener.onAnswer(this.service, instances, this.index);
        pause = this.tuning.minIntervalMs - (Date.now() - startedAt);
      } catch (error) {
        if (this.stopped) break;
        failures += 1;
        this.listener.onFailure(this.service, asError(error), failures);
        pause = backoffDelay(failures, this.tuning.backoff);
      }
      this.settle();
      if (pause > 0 && !this.stopped) {
        const sleep = cancellableDelay(pause);
        this.sleeping = sleep;
        await sleep.promise;
        this.sleeping = undefined;
      }
    }
  }

  private async fetch(): Promise<{ body: unknown; index: number | undefined }> {
    const ctx = Object.assign(new EventEmitter(), { includeResponse: true });
    this.inFlight = ctx;
    const blocking = this.index > 0;
    const options: Record<string, unknown> = {
      service: this.service,
      passing: true,
      ctx,
      // Consul may hold a blocking call for wait + wait/16 of jitter; allow that plus slack.
      timeout: blocking ? Math.ceil(this.tuning.waitMs * 1.0625) + 5_000 : 10_000,
    };
    if (blocking) Object.assign(options, { index: String(this.index), wait: this.tuning.wait });
    try {
      const [response, body] = (await consulCall(this.consul.health.service(options as never))) as unknown as [IncomingMessage, unknown];
      return { body, index: parseConsulIndex(response.headers['x-consul-index']) };
    } finally {
      this.inFlight = undefined;
    }
  }
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
