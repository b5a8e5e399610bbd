import { ok, fail } from '@corsway/contracts';
import { DisableCors } from '@corsway/cors';
import { Controller, Get, Inject, Res } from '@nestjs/common';
import { HttpHealthIndicator } from '@nestjs/terminus';
import type { FastifyReply } from 'fastify';
import { InstanceHealthTracker } from '../balancing/instance-health.tracker';
import { GatewayConfigStore } from '../config/gateway-config.store';
import { type InstanceProbe, probeReadiness } from './readiness.probe';

const PROBE_TIMEOUT_MS = 2_000;

/** The gateway's own endpoints: Nest controllers; Fastify routes them, and they win over config routes (see installGatewayEdge). */
@Controller('health')
export class HealthController {
  constructor(
    @Inject(GatewayConfigStore) private readonly store: GatewayConfigStore,
    @Inject(InstanceHealthTracker) private readonly health: InstanceHealthTracker,
    @Inject(HttpHealthIndicator) private readonly http: HttpHealthIndicator,
  ) {}

  /**
   * Terminus's HTTP indicator (on @nestjs/axios): service-to-service HTTP off
   * the hot path, on its own connections rather than the proxy's pools. An
   * instance is up when it answers `GET /health` with anything below 500 within
   * the timeout (a 404 still proves the process serves HTTP); connection
   * refused, TLS failure or a timeout is down.
   */
  private readonly probe: InstanceProbe = async (url) => {
    const result = await this.http.responseCheck(url, `${url}/health`, (res) => res.status < 500, {
      timeout: PROBE_TIMEOUT_MS,
      validateStatus: () => true,
      maxRedirects: 0,
    });
    return result[url]?.status === 'up';
  };

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
    const readiness = await probeReadiness(compiled.routes.services(), compiled.discovery, this.health, this.probe);
    if (readiness.ready) return ok(readiness);
    reply.code(503);
    const down = Object.entries(readiness.services)
      .filter(([, s]) => s.up === 0)
      .map(([name]) => name);
    const why = down.length ? `no healthy instance of ${down.join(', ')}` : `discovery is unhealthy (${readiness.discovery.lastError ?? 'unknown'})`;
    return { ...fail(`Not ready: ${why}.`), Data: readiness };
  }
}
