import { BadRequestException, Controller, Get, Inject, Query, Render, Req } from '@nestjs/common';
import type { Request } from 'express';
import type { WebConfig } from '../config/web.config';
import { WEB_CONFIG } from '../config/web-config.token';
import { type CorsDiagnosticsViewModel, corsDiagnosticsViewModel } from './cors-diagnostics.view-model';
import { CORS_EXPLAINER, type CorsExplainer, type CorsExplanation } from './cors-explainer';
import { CORS_PROBE_CASES, findProbeCase } from './cors-probe-case';
import { type GatewayReachability, GatewayReachabilityCheck } from './gateway-reachability';

export interface CorsExplainResponse extends CorsExplanation {
  readonly case: string;
  readonly origin: string;
  readonly url: string;
}

/**
 * Diagnostics/Cors: the browser runs each probe case against the gateway
 * and shows what happened; `explain` asks the CORS library, server-side,
 * what a browser would do with the same request and why.
 */
@Controller('Diagnostics')
export class DiagnosticsController {
  constructor(
    @Inject(WEB_CONFIG) private readonly config: WebConfig,
    @Inject(CORS_EXPLAINER) private readonly explain: CorsExplainer,
    @Inject(GatewayReachabilityCheck) private readonly reachability: GatewayReachabilityCheck,
  ) {}

  /** Whether the gateway answers at all, seen from this app's server (the page shows it beside its own probe). */
  @Get('Gateway')
  gateway(): Promise<GatewayReachability> {
    return this.reachability.check();
  }

  @Get('Cors')
  @Render('diagnostics/cors')
  cors(): CorsDiagnosticsViewModel {
    return corsDiagnosticsViewModel(this.config);
  }

  @Get('Cors/explain')
  async explainCase(@Query('case') id: unknown, @Req() req: Request): Promise<CorsExplainResponse> {
    const probe = typeof id === 'string' ? findProbeCase(id) : undefined;
    if (!probe) {
      throw new BadRequestException(`Query parameter "case" must be one of: ${CORS_PROBE_CASES.map((c) => c.id).join(', ')}`);
    }
    // The page's own origin is what the browser sends as Origin for these requests.
    const origin = `${req.protocol}://${req.get('host')}`;
    const url = `${this.config.gatewayBaseUrl}${probe.path}`;
    const result = await this.explain({ url, origin, method: probe.method, headers: probe.headers, credentials: probe.credentials });
    return { case: probe.id, origin, url, ...result };
  }
}
