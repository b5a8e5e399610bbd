import type { ServiceDiscoveryProvider } from '@corsway/discovery';
import type { Readable } from 'node:stream';
import type { Dispatcher } from 'undici';
import type { RoundRobinBalancer } from '../balancing/round-robin.balancer';
import type { InstanceHealthTracker } from '../balancing/instance-health.tracker';
import { GatewayHttpError, RETRY_SOON } from '../http/gateway-http.error';
import { classifyUpstreamError, failureToHttpError, UpstreamTimeoutError } from './upstream-failure';
import type { UpstreamAbort } from './upstream-abort';
import type { UpstreamPools } from './upstream.pools';

export interface UpstreamCall {
  readonly service: string;
  readonly method: string;
  readonly path: string;
  readonly headers: Record<string, string | string[]>;
  readonly body: Readable | undefined;
  readonly timeoutMs: number;
  readonly maxBodyBytes: number;
  /** Aborted when the client goes away; the deadline timer aborts it too. */
  readonly abort: UpstreamAbort;
  /** True once the client's connection is gone: its failures are not the upstream's. */
  readonly clientGone: () => boolean;
}

export interface UpstreamAnswer {
  readonly response: Dispatcher.ResponseData;
  readonly instance: string;
}

const IDEMPOTENT = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Sends one request upstream: round-robin pick, passive health bookkeeping and
 * the retry rule (issue 5): a bodiless GET/HEAD/OPTIONS that failed at the
 * transport level is retried once on ANOTHER instance; anything else (POST
 * above all) never is, because the upstream may already have acted on it.
 */
export async function callUpstream(
  call: UpstreamCall,
  deps: { discovery: ServiceDiscoveryProvider; balancer: RoundRobinBalancer; health: InstanceHealthTracker; pools: UpstreamPools },
): Promise<UpstreamAnswer> {
  const instances = deps.discovery.getInstances(call.service);
  if (instances.length === 0) {
    throw new GatewayHttpError(503, `Service "${call.service}" is unavailable: discovery knows no instance of it.`, RETRY_SOON);
  }
  const retryable = IDEMPOTENT.has(call.method) && call.body === undefined;
  const tried = new Set<string>();
  for (let attempt = 0; ; attempt++) {
    const instance = deps.balancer.pick(call.service, instances, tried);
    if (!instance) {
      throw new GatewayHttpError(503, `Service "${call.service}" is unavailable: every instance is failing and cooling down. Try again shortly.`, RETRY_SOON);
    }
    tried.add(instance.url);
    // undici's own headersTimeout fires up to ~1 s late (coarse timers); this one is
    // exact. It starts once the request body is sent, so a large upload over a slow
    // link is not a "timeout" of the upstream.
    let deadline: NodeJS.Timeout | undefined;
    let settled = false;
    const arm = () => {
      if (!settled) deadline = setTimeout(() => call.abort.abort(new UpstreamTimeoutError(call.timeoutMs)), call.timeoutMs);
    };
    if (call.body) call.body.once('end', arm);
    else arm();
    try {
      const response = await deps.pools.get(instance.url).request({
        method: call.method as Dispatcher.HttpMethod,
        path: call.path,
        headers: call.headers,
        body: call.body,
        signal: call.abort,
        headersTimeout: call.body ? 0 : call.timeoutMs + 1000,
        bodyTimeout: call.timeoutMs,
      });
      settled = true;
      clearTimeout(deadline);
      if (response.statusCode >= 500) deps.health.recordFailure(instance.url, 'status');
      else deps.health.recordSuccess(instance.url);
      return { response, instance: instance.url };
    } catch (err) {
      settled = true;
      clearTimeout(deadline);
      const reason = call.abort.reason;
      const kind = call.clientGone() ? 'client-aborted' : classifyUpstreamError(reason instanceof UpstreamTimeoutError ? reason : err, call.abort.aborted);
      if (kind === 'connect') deps.health.recordFailure(instance.url, 'connect');
      else if (kind === 'timeout' || kind === 'bad-response') deps.health.recordFailure(instance.url, 'status');
      const canRetry = retryable && attempt === 0 && (kind === 'connect' || kind === 'bad-response');
      if (canRetry && tried.size < instances.length) continue;
      throw Object.assign(failureToHttpError(kind, call.service, call), { instance: instance.url, cause: err });
    }
  }
}
