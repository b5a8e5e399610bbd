/**
 * Requests in flight per client address, in this process. One client opening
 * many slow requests (trickled bodies, long polls) must not take every
 * socket, buffer and file descriptor the gateway has: past the cap it gets
 * 429 at once. In-flight work is local to a process by nature, so this never
 * needs Redis: N gateways allow N × the cap, each protecting itself.
 */
export class InFlightLimiter {
  private readonly counts = new Map<string, number>();

  /** Takes a slot for `client`; false when it already has `max` in flight. */
  tryAcquire(client: string, max: number): boolean {
    const n = this.counts.get(client) ?? 0;
    if (n >= max) return false;
    this.counts.set(client, n + 1);
    return true;
  }

  release(client: string): void {
    const n = this.counts.get(client) ?? 0;
    if (n <= 1) this.counts.delete(client);
    else this.counts.set(client, n - 1);
  }

  /** In flight for `client` now (tests, metrics). */
  inFlight(client: string): number {
    return this.counts.get(client) ?? 0;
  }
}
