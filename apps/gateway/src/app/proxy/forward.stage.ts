import type { GatewayServices } from '../gateway.services';
import type { GatewayAnswers } from '../pipeline/gateway-answers';
import { HANDLED, type PipelineStage } from '../pipeline/pipeline-stage';
import type { WebSocketTunnels } from '../websocket/websocket-tunnels';
import { forwardHttp } from './http-forward';

/**
 * The last stage: the request goes to the service. HTTP is streamed through
 * an undici pool (proxy/http-forward.ts); a WebSocket handshake becomes a
 * tunnel to the instance (websocket/websocket-tunnels.ts).
 */
export function forwardStage(services: GatewayServices, tunnels: WebSocketTunnels, answers: GatewayAnswers): PipelineStage {
  return {
    name: 'forward',
    run(ctx) {
      if (ctx.upgrade !== null) tunnels.open(ctx);
      else forwardHttp(ctx, services, answers);
      return HANDLED;
    },
  };
}
