import type { GatewayServices } from '../gateway.services';
import type { GatewayAnswers } from '../pipeline/gateway-answers';
import type { GatewayContext } from '../pipeline/gateway-context';
import { responseHead } from './response-headers';
import { UpstreamAbort } from './upstream-abort';
import { callUpstream } from './upstream-call';

/**
 * Forwards an HTTP request to the instance the balance stage picked and
 * streams the answer back: the client's head is the pipeline's head (request
 * id, CORS) followed by the service's headers (proxy/response-headers.ts,
 * with the route's response transforms). Ends in `answers`: a log line, or the
 * envelope for a failure.
 */
export function forwardHttp(ctx: GatewayContext, services: GatewayServices, answers: GatewayAnswers): void {
  const res = ctx.response;
  const route = ctx.routed;
  const proxy = ctx.config.config.proxy;
  const abort = new UpstreamAbort();
  ctx.onFinish(() => {
    if (!res.writableFinished) abort.abort();
  });
  callUpstream(
    {
      service: route.config.service,
      method: ctx.method,
      path: ctx.servicePath,
      headers: ctx.serviceHeaders,
      body: ctx.body,
      timeoutMs: route.config.timeoutMs,
      maxBodyBytes: proxy.maxBodyBytes,
      maxQueued: proxy.maxQueuedPerInstance,
      abort,
      clientGone: () => ctx.clientGone,
      trace: ctx.traced,
      respond: (statusCode, rawHeaders) => {
        res.writeHead(statusCode, responseHead(ctx.head, rawHeaders, ctx.responseTransform, statusCode));
        return res;
      },
    },
    ctx.picked,
    ctx.instances,
    services,
    (err, instance) => {
      // Called once the service's body is complete and handed to `res`, or with why not.
      ctx.answeredBy = instance;
      if (err === null) answers.log(ctx);
      else answers.fail(ctx, err);
    },
  );
}
