import { HttpService } from '@nestjs/axios';
import { Inject, Injectable } from '@nestjs/common';
import { isAxiosError } from 'axios';
import { firstValueFrom } from 'rxjs';
import type { WebConfig } from '../config/web.config';
import { WEB_CONFIG } from '../config/web-config.token';

/** What this app's server saw when it called the gateway's `GET /health`. */
export interface GatewayReachability {
  readonly url: string;
  readonly reachable: boolean;
  /** HTTP status when something answered. */
  readonly status: number | null;
  /** Why nothing answered, in the words of the socket (`ECONNREFUSED`, a certificate error, a timeout). */
  readonly error: string | null;
}

const TIMEOUT_MS = 3_000;

/**
 * Server-side, through @nestjs/axios's HttpService: is the gateway there at
 * all? Diagnostics shows it next to the browser's own no-cors probe, so a
 * stopped gateway is never read as a CORS refusal. Off the hot path: one call
 * per diagnostics page.
 */
@Injectable()
export class GatewayReachabilityCheck {
  constructor(
    @Inject(HttpService) private readonly http: HttpService,
    @Inject(WEB_CONFIG) private readonly config: WebConfig,
  ) {}

  async check(): Promise<GatewayReachability> {
    // The gateway's own /health sits at its origin, whatever path GATEWAY_BASE_URL has.
    const url = `${this.config.gatewayOrigin}/health`;
    try {
      const res = await firstValueFrom(
        this.http.get(url, { timeout: TIMEOUT_MS, validateStatus: () => true, maxRedirects: 0, responseType: 'text' }),
      );
      return { url, reachable: true, status: res.status, error: null };
    } catch (err) {
      const error = isAxiosError(err) ? [err.code, err.message].filter(Boolean).join(': ') : String(err);
      return { url, reachable: false, status: null, error };
    }
  }
}
