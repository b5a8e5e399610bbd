/**
 * Whether shared counters are asked of Redis or kept in the process's own
 * memory, for the gateway's rate limits and user-service's lockout and
 * throttles alike.
 *
 * A failed command (Redis down, or hung, which only a command timeout
 * reveals) switches to memory, and from then on no request waits for Redis:
 * a probe in the background (`probe`, every `probeEveryMs`) switches back
 * once Redis answers. Asking Redis first on every request instead made every
 * request wait out the command timeout for as long as Redis hung (a stopped
 * process, a network that drops packets, a failover): 0.5 s on each limited
 * request at the gateway, 4 s on each login at user-service (four counter
 * commands of 1 s each). `onChange` is told each switch, once each way.
 */
export class RedisFallbackSwitch {
  private active = false;
  private timer: NodeJS.Timeout | null = null;
  private probing = false;

  constructor(
    private readonly probe: () => Promise<unknown>,
    private readonly onChange: (fallingBack: boolean, error?: unknown) => void = () => undefined,
    private readonly probeEveryMs = 1_000,
  ) {}

  /** True while counters are kept in this process only. */
  get fallingBack(): boolean {
    return this.active;
  }

  /** Redis failed a command (or is not connected): count in memory until a probe succeeds. */
  engage(error?: unknown): void {
    if (this.active) return;
    this.active = true;
    this.onChange(true, error);
    this.timer = setInterval(() => void this.tryProbe(), this.probeEveryMs);
    this.timer.unref();
  }

  close(): void {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
  }

  private async tryProbe(): Promise<void> {
    // A hung Redis answers nothing until the probe's own command timeout: never two at once.
    if (this.probing) return;
    this.probing = true;
    try {
      await this.probe();
      if (!this.active) return;
      this.active = false;
      this.close();
      this.onChange(false);
    } catch {
      // Still away: the next tick tries again.
    } finally {
      this.probing = false;
    }
  }
}
