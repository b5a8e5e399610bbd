import type { ServiceInstance } from '@corsway/discovery';
import { TRACEPARENT_HEADER } from '@corsway/tracing';
import type { Readable, Writable } from 'node:stream';
import { performance } from 'node:perf_hooks';
import type { Dispatcher } from 'undici';
import type { RoundRobinBalancer } from '../balancing/round-robin.balancer';
import type { InstanceHealthTracker } from '../balancing/instance-health.tracker';
import type { GatewayMetrics } from '../metrics/gateway.metrics';
import { GatewayHttpError, RETRY_SOON } from '../http/gateway-http.error';
import { attemptAnswered, endAttempt, type RequestTrace } from '../tracing/request-trace';
import { classifyUpstreamError, failureToHttpError, UpstreamTimeoutError } from './upstream-failure';
import type { UpstreamAbort } from './upstream-abort';
import { UpstreamAttempt } from './upstream-attempt';
import type { UpstreamPools } from './upstream.pools';

export interface UpstreamCall {
  readonly service: string;
  readonly method: string;
  readonly path: string;
  readonly headers: Record<string, string | string[]>;
  /** Absent, read whole (a Buffer: can be sent again), or streamed. */
  readonly body: Buffer | Readable | undefined;
  readonly timeoutMs: number;
  readonly maxBodyBytes: number;
  /** `proxy.maxQueuedPerInstance`: past it an attempt is refused before it is queued. */
  readonly maxQueued: number;
  /** Aborted when the client goes away; the deadline timer aborts it too. */
  readonly abort: UpstreamAbort;
  /** True once the client's connection is gone: its failures are not the upstream's. */
  readonly clientGone: () => boolean;
  /** The request's trace: each attempt sends its own `traceparent` (and is a span when tracing is on). */
  readonly trace: RequestTrace;
  /**
   * Called once, when the upstream's status and headers (undici's raw
   * `[name, value, ...]` buffers) arrive: writes the client's response head
   * and returns where the body goes (the client's response itself). From then
   * on nothing is retried.
   */
  readonly respond: (statusCode: number, rawHeaders: Buffer[]) => Writable;
}

/** The upstream failed after `respond` ran: the client already has a status line, so only closing is left. */
export class UpstreamBodyError extends Error {
  override readonly name = 'UpstreamBodyError';
  constructor(readonly instance: string, override readonly cause: unknown) {
    super('the upstream response failed after its headers were forwarded');
  }
}

const IDEMPOTENT = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Sends one request to the service and streams the answer into
 * `call.respond`'s writable; `done` gets `null` and the instance once the
 * body is complete, or the error. The first attempt goes to `first` (the
 * balance stage's pick). The retry rule, once, on ANOTHER of `instances`:
 *
 * - a connection that could not be made: nothing was sent, so any method is
 *   retried, POST included, when its body can be sent again (none, or read
 *   whole by the body stage);
 * - a bodiless GET/HEAD/OPTIONS whose answer broke before any header came
 *   back; any other method never is, the service may have acted on it.
 *
 * Passive health: connect failures eject an instance at once, timeouts and
 * broken answers count towards ejection, and any answer with a status line,
 * 5xx included, counts as the instance being up: a 500 caused by one
 * client's input must not become everyone's 503.
 *
 * Each attempt is an undici dispatch (see UpstreamAttempt) and the flow is
 * callbacks, not promises: `request()` + piping its Readable cost about twice
 * the CPU per request, `stream()` still a fifth more (bench/README.md).
 */
export function callUpstream(
  call: UpstreamCall,
  first: ServiceInstance,
  instances: readonly ServiceInstance[],
  deps: { balancer: RoundRobinBalancer; health: InstanceHealthTracker; pools: UpstreamPools; metrics: GatewayMetrics | null },
  done: (err: Error | null, instance: string) => void,
): void {
  const resendable = call.body === undefined || Buffer.isBuffer(call.body);
  const streaming = !resendable;
  const retryAfterBreak = IDEMPOTENT.has(call.method) && call.body === undefined;

  const attempt = (n: number, tried: ReadonlySet<string> | undefined): void => {
    const instance = n === 0 ? first : deps.balancer.pick(call.service, instances, tried);
    if (!instance) {
      done(new GatewayHttpError(503, `Service "${call.service}" is unavailable: every instance is failing and cooling down. Try again shortly.`, RETRY_SOON), '-');
      return;
    }
    const url = instance.url;
    // Requests that gave up waiting stay in undici's queue until a connection
    // frees (UpstreamAbort.whileQueued): without a bound, a pool held by long
    // answers let that queue grow with every request sent meanwhile.
    if (deps.pools.waiting(url) >= call.maxQueued) {
      if (n === 0 && instances.length > 1) return attempt(1, new Set([url]));
      done(Object.assign(failureToHttpError('pool-full', call.service, call), { instance: url }), url);
      return;
    }
    // A new span id per attempt (W3C Trace Context §3.2.2.4): a retry is another call, under the same request.
    const span = call.trace.startAttempt(url, call.path, n);
    call.headers[TRACEPARENT_HEADER] = call.trace.traceparentFor(span);
    // The route's deadline, our own timer (undici's headersTimeout fires up to ~1 s
    // late: coarse timers). It runs from the dispatch, so time spent waiting for a
    // pool connection counts, and ends that wait (UpstreamAbort.whileQueued). A
    // streamed body pauses it while it is being sent, and it starts again once the
    // body is sent: a large upload over a slow link is not a "timeout" of the service.
    let deadline: NodeJS.Timeout | undefined;
    let settled = false;
    const arm = () => {
      clearTimeout(deadline);
      if (!settled) deadline = setTimeout(() => call.abort.abort(new UpstreamTimeoutError(call.timeoutMs)), call.timeoutMs);
    };
    const settle = () => {
      settled = true;
      clearTimeout(deadline);
    };
    arm();
    const sent = performance.now();
    if (streaming) (call.body as Readable).once('end', arm);
    const handler: UpstreamAttempt = new UpstreamAttempt(
      call.abort,
      (statusCode, rawHeaders) => {
        settle();
        deps.health.recordSuccess(url);
        deps.metrics?.upstreamAnswered(call.service, url, (performance.now() - sent) / 1000);
        attemptAnswered(span, statusCode);
        return call.respond(statusCode, rawHeaders);
      },
      (err) => {
        settle();
        if (err === null || handler.responded) endAttempt(span, err === null ? null : 'UpstreamBodyError', err);
        if (err === null) return done(null, url);
        if (handler.responded) return done(new UpstreamBodyError(url, err), url);
        const reason = call.abort.reason;
        const sendingBody = streaming && !(call.body as Readable).readableEnded;
        const classified = call.clientGone() ? 'client-aborted' : classifyUpstreamError(reason instanceof UpstreamTimeoutError ? reason : err, call.abort.aborted, sendingBody);
        // Still queued for a pool connection at the deadline: the pool is full, the instance may be
        // fine. A request given a connection still being made (none queued) is the instance's timeout.
        const kind = classified === 'timeout' && !handler.connected && deps.pools.waiting(url) > 0 ? 'pool-busy' : classified;
        // The client's faults (gone, too large, too slow), a full pool and a refused body are not the instance's.
        if (kind === 'connect' || kind === 'timeout' || kind === 'bad-response') {
          deps.health.recordFailure(url, kind === 'connect' ? 'connect' : 'status');
          deps.metrics?.upstreamFailed(call.service, url, kind);
        }
        endAttempt(span, kind, err);
        const canRetry = n === 0 && ((kind === 'connect' && resendable) || (kind === 'bad-response' && retryAfterBreak));
        if (canRetry && instances.length > 1) {
          // Not from inside undici's error callback: the next dispatch starts on a clean stack.
          queueMicrotask(() => attempt(1, new Set([url])));
          return;
        }
        done(Object.assign(failureToHttpError(kind, call.service, call), { instance: url, cause: err }), url);
      },
      streaming ? () => clearTimeout(deadline) : undefined,
    );
    deps.pools.dispatch(
      url,
      {
        method: call.method as Dispatcher.HttpMethod,
        path: call.path,
        headers: call.headers,
        body: call.body,
        headersTimeout: streaming ? 0 : call.timeoutMs + 1000,
        bodyTimeout: call.timeoutMs,
      },
      handler,
    );
  };
  attempt(0, undefined);
}
