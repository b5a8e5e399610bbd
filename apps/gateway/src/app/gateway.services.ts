import { AccessTokenVerifier } from './auth/access-token.verifier';
import { InstanceHealthTracker } from './balancing/instance-health.tracker';
import { RoundRobinBalancer } from './balancing/round-robin.balancer';
import { GatewayConfigStore } from './config/gateway-config.store';
import type { GatewayLogger } from './logging/gateway.logger';
import { UpstreamPools } from './proxy/upstream.pools';
import type { RateLimiter } from './rate-limit/rate-limiter';

/** The long-lived objects of one gateway, built before Nest so a bad config stops start-up. */
export interface GatewayServices {
  readonly store: GatewayConfigStore;
  readonly pools: UpstreamPools;
  readonly health: InstanceHealthTracker;
  readonly balancer: RoundRobinBalancer;
  readonly limiter: RateLimiter;
  readonly verifier: AccessTokenVerifier;
  readonly logger: GatewayLogger;
}

export const GATEWAY_LOGGER = Symbol('GATEWAY_LOGGER');

export function gatewayProviders(s: GatewayServices) {
  return [
    { provide: GatewayConfigStore, useValue: s.store },
    { provide: UpstreamPools, useValue: s.pools },
    { provide: InstanceHealthTracker, useValue: s.health },
    { provide: RoundRobinBalancer, useValue: s.balancer },
    { provide: AccessTokenVerifier, useValue: s.verifier },
    { provide: GATEWAY_LOGGER, useValue: s.logger },
  ];
}
