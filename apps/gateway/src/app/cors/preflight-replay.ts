import type { CorsDecision } from '@corsway/cors';
import type { IncomingHttpHeaders } from 'node:http';
import type { CompiledGatewayConfig } from '../config/compiled-gateway.config';

/** Counts one more answer of a granted preflight, as the CORS stage would (`null`: metrics are off). */
export type PreflightCount = ((seconds: number) => void) | null;

/** A granted preflight, as the CORS stage answered it: what a replay needs to answer the same again. */
export interface GrantedPreflight {
  /** The shared (frozen) decision the CORS stage wrote, for the one preflight writer. */
  readonly decision: CorsDecision;
  readonly count: PreflightCount;
}

/**
 * Past this many remembered answers the memo starts over: the key holds what
 * the client sent (path spelling, request header list), so a client cycling
 * through spellings must not grow it without bound.
 */
export const PREFLIGHT_REPLAY_LIMIT = 1024;

interface Remembered {
  readonly method: string;
  readonly headers: string | undefined;
  readonly answer: GrantedPreflight;
}

/**
 * Granted preflights of one config, by what decides their answer: the path
 * as sent, `Origin`, `Access-Control-Request-Method` and
 * `Access-Control-Request-Headers` (Fetch §4.8 step 7 reads nothing else for
 * a request without `Access-Control-Request-Private-Network`). For those the
 * route match and the CORS decision are pure functions of the config, so a
 * browser's second preflight of the same request gets the first one's
 * answer without matching and deciding again. A config reload starts a new
 * memo (the routes and policies it was computed from are gone). Refused
 * preflights, per-request decisions (not frozen: a dynamic origin's), paths
 * no route serves and the gateway's own controllers are never remembered.
 */
export class PreflightReplay {
  private config: CompiledGatewayConfig | null = null;
  private byPath = new Map<string, Map<string, Remembered[]>>();
  private size = 0;

  /** The answer granted before to a preflight like `headers` for `sentPath`, or undefined. */
  find(config: CompiledGatewayConfig, sentPath: string, headers: IncomingHttpHeaders): GrantedPreflight | undefined {
    if (config !== this.config) return undefined;
    const origin = headers.origin;
    if (typeof origin !== 'string' || headers['access-control-request-private-network'] !== undefined) return undefined;
    const byOrigin = this.byPath.get(sentPath);
    if (byOrigin === undefined) return undefined;
    const list = byOrigin.get(origin);
    if (list === undefined) return undefined;
    const method = headers['access-control-request-method'];
    const requested = headers['access-control-request-headers'];
    for (let i = 0; i < list.length; i++) {
      const r = list[i];
      if (r.method === method && r.headers === requested) return r.answer;
    }
    return undefined;
  }

  /**
   * Remembers `decision` for a preflight like `headers`, if it can be replayed
   * (see the class comment). `count` is asked for only then: a decision that is
   * never kept (an echoed header list, on every such preflight) costs nothing more.
   */
  remember(config: CompiledGatewayConfig, sentPath: string, headers: IncomingHttpHeaders, decision: CorsDecision, count: () => PreflightCount): void {
    const origin = headers.origin;
    const method = headers['access-control-request-method'];
    const requested = headers['access-control-request-headers'];
    if (typeof origin !== 'string' || typeof method !== 'string' || (requested !== undefined && typeof requested !== 'string')) return;
    if (headers['access-control-request-private-network'] !== undefined) return;
    if (!decision.allowed || decision.status !== 204 || !Object.isFrozen(decision)) return;
    if (config !== this.config || this.size >= PREFLIGHT_REPLAY_LIMIT) {
      this.config = config;
      this.byPath = new Map();
      this.size = 0;
    }
    let byOrigin = this.byPath.get(sentPath);
    if (byOrigin === undefined) this.byPath.set(sentPath, (byOrigin = new Map()));
    let list = byOrigin.get(origin);
    if (list === undefined) byOrigin.set(origin, (list = []));
    list.push({ method, headers: requested, answer: { decision, count: count() } });
    this.size++;
  }
}
