import type { PerInstanceState } from './departed-instances';

interface InstanceState {
  consecutiveFailures: number;
  ejectedUntil: number;
}

export interface CircuitBreakerSettings {
  readonly failureThreshold: number;
  readonly cooldownMs: number;
}

/**
 * Health per upstream instance (a circuit breaker keyed by base URL), fed by
 * the proxy (passive) and the health checker (active). A connect error ejects
 * at once; `failureThreshold` consecutive transport failures (timeouts,
 * broken answers) eject too; an answer with a status line, 5xx included, is
 * a success (proxy/upstream-call.ts says why). After `cooldownMs` the
 * instance is offered again (half-open): one success closes the circuit, one
 * failure re-ejects it. Guards Ocelot #782 (dead instances kept receiving
 * traffic).
 */
export class InstanceHealthTracker implements PerInstanceState {
  private readonly states = new Map<string, InstanceState>();

  constructor(
    private settings: CircuitBreakerSettings,
    private readonly now: () => number = Date.now,
    /** Told each time an instance in rotation is taken out (metrics). */
    private readonly onEjected: (url: string) => void = () => undefined,
  ) {}

  /** Config reload may change the thresholds; states are kept. */
  configure(settings: CircuitBreakerSettings): void {
    this.settings = settings;
  }

  isAvailable(url: string): boolean {
    const s = this.states.get(url);
    return !s || s.ejectedUntil <= this.now();
  }

  isEjected(url: string): boolean {
    return !this.isAvailable(url);
  }

  /** Forgets instances not in `live` (departed-instances.ts): one that comes back starts closed. */
  retain(live: ReadonlySet<string>): void {
    for (const url of this.states.keys()) if (!live.has(url)) this.states.delete(url);
  }

  recordSuccess(url: string): void {
    this.states.delete(url);
  }

  /** A failed health check: out of rotation until a success (or the cool-down). */
  eject(url: string): void {
    const s = this.states.get(url) ?? { consecutiveFailures: 0, ejectedUntil: 0 };
    s.consecutiveFailures++;
    this.ejectUntilCooledDown(url, s);
    this.states.set(url, s);
  }

  /** Returns true when this failure ejected the instance. */
  recordFailure(url: string, kind: 'connect' | 'status'): boolean {
    const s = this.states.get(url) ?? { consecutiveFailures: 0, ejectedUntil: 0 };
    s.consecutiveFailures++;
    this.states.set(url, s);
    const halfOpen = s.ejectedUntil !== 0;
    if (kind === 'connect' || halfOpen || s.consecutiveFailures >= this.settings.failureThreshold) {
      this.ejectUntilCooledDown(url, s);
      return true;
    }
    return false;
  }

  private ejectUntilCooledDown(url: string, s: InstanceState): void {
    const now = this.now();
    const wasInRotation = s.ejectedUntil <= now;
    s.ejectedUntil = now + this.settings.cooldownMs;
    if (wasInRotation) this.onEjected(url);
  }
}
