import type { Tracing } from '@corsway/tracing';
import type { AccessTokenVerifier } from './auth/access-token.verifier';
import { InstanceHealthTracker } from './balancing/instance-health.tracker';
import type { RoundRobinBalancer } from './balancing/round-robin.balancer';
import { GatewayConfigStore } from './config/gateway-config.store';
import type { GatewayLogger } from './logging/gateway.logger';
import type { GatewayMetrics } from './metrics/gateway.metrics';
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
  /** `null` when the config turns metrics off (`metrics.enabled: false`). */
  readonly metrics: GatewayMetrics | null;
  /** Spans when OTEL_EXPORTER_OTLP_ENDPOINT is set; `Tracing.off` otherwise. */
  readonly tracing: Tracing;
}

/**
 * What the gateway's own controllers inject (the health endpoints). The
 * pipeline's stages get their services handed to them in gateway.pipeline.ts,
 * not through DI: they are not Nest providers.
 */
export function gatewayProviders(s: GatewayServices) {
  return [
    { provide: GatewayConfigStore, useValue: s.store },
    { provide: UpstreamPools, useValue: s.pools },
    { provide: InstanceHealthTracker, useValue: s.health },
  ];
}
