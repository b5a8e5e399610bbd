import { ok, fail } from '@corsway/contracts';
import { DisableCors } from '@corsway/cors';
import { Controller, Get, Inject, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { InstanceHealthTracker } from '../balancing/instance-health.tracker';
import { GatewayConfigStore } from '../config/gateway-config.store';
import { UpstreamPools } from '../proxy/upstream.pools';
import { probeReadiness } from './readiness.probe';

/** The gateway's own endpoints: Nest controllers; Fastify routes them, and they win over config routes (see installGatewayEdge). */
@Controller('health')
export class HealthController {
  constructor(
    @Inject(GatewayConfigStore) private readonly store: GatewayConfigStore,
    @Inject(InstanceHealthTracker) private readonly health: InstanceHealthTracker,
    @Inject(UpstreamPools) private readonly pools: UpstreamPools,
  ) {}

  /** Liveness: the process answers. For probes, not browsers: no CORS at all. */
  @Get()
  @DisableCors()
  live() {
    return ok({ status: 'up' });
  }

  /**
   * Readiness: every routed service resolvable and up, plus discovery's status.
   * No decorator on purpose: it inherits the config's default policy through
   * the same provider (an `@EnableCors()` without a name would fail start-up
   * under `defaultPolicy: null`).
   */
  @Get('ready')
  async ready(@Res({ passthrough: true }) reply: FastifyReply) {
    const compiled = this.store.current;
    const readiness = await probeReadiness(compiled.routes.services(), compiled.discovery, this.health, this.pools);
    if (readiness.ready) return ok(readiness);
    reply.code(503);
    const down = Object.entries(readiness.services)
      .filter(([, s]) => s.up === 0)
      .map(([name]) => name);
    const why = down.length ? `no healthy instance of ${down.join(', ')}` : `discovery is unhealthy (${readiness.discovery.lastError ?? 'unknown'})`;
    return { ...fail(`Not ready: ${why}.`), Data: readiness };
  }
}
