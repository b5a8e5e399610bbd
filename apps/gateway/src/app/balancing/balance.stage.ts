import { GatewayHttpError, RETRY_SOON } from '../http/gateway-http.error';
import type { PipelineStage } from '../pipeline/pipeline-stage';
import type { RoundRobinBalancer } from './round-robin.balancer';

/**
 * Discovery and instance health: the instances discovery lists for the
 * route's service, and the first one to try (round-robin over those the
 * circuit breaker has not ejected). A retry (proxy stage) picks another of
 * the same list.
 */
export function balanceStage(balancer: RoundRobinBalancer): PipelineStage {
  return {
    name: 'balance',
    run(ctx) {
      const service = ctx.routed.config.service;
      const instances = ctx.config.discovery.getInstances(service);
      if (instances.length === 0) {
        throw new GatewayHttpError(503, `Service "${service}" is unavailable: discovery knows no instance of it.`, RETRY_SOON);
      }
      const instance = balancer.pick(service, instances);
      if (instance === null) {
        throw new GatewayHttpError(503, `Service "${service}" is unavailable: every instance is failing and cooling down. Try again shortly.`, RETRY_SOON);
      }
      ctx.instances = instances;
      ctx.instance = instance;
    },
  };
}
