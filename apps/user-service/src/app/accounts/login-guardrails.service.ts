import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, USER_SERVICE_CONFIG, type Clock } from '../config/config.tokens';
import type { UserServiceConfig } from '../config/user-service.config';
import { RateWindow } from './rate-window';

/**
 * Throttling and temporary lockout (issue 4 "Throttling"; OWASP
 * Authentication Cheat Sheet "Account lockout"). An unknown name throttles
 * and locks exactly like a real account (see `accountKey`), so the answers
 * reveal nothing about which accounts exist.
 */
@Injectable()
export class LoginGuardrails {
  private readonly perIp: RateWindow;
  private readonly perAccount: RateWindow;
  private readonly failures = new Map<string, number[]>();
  private readonly lockedUntil = new Map<string, number>();

  constructor(
    @Inject(USER_SERVICE_CONFIG) private readonly config: UserServiceConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {
    const windowMs = config.throttle.windowSeconds * 1000;
    this.perIp = new RateWindow(config.throttle.ipLimit, windowMs);
    this.perAccount = new RateWindow(config.throttle.accountLimit, windowMs);
  }

  /** Seconds to wait before this IP may try again, or 0. */
  throttleIp(ip: string): number {
    return this.perIp.hit(`ip:${ip}`, this.now());
  }

  /** Seconds to wait before this account may try again, or 0. */
  throttleAccount(key: string): number {
    return this.perAccount.hit(key, this.now());
  }

  /** Seconds the account stays locked, or 0. */
  lockedFor(key: string): number {
    const until = this.lockedUntil.get(key);
    const now = this.now();
    if (until === undefined || now >= until) return 0;
    return Math.ceil((until - now) / 1000);
  }

  /** Records a failed login; returns the lock seconds if this failure locked the name. */
  recordFailure(key: string): number {
    const now = this.now();
    this.sweep(now);
    const { maxFailures, windowSeconds, lockSeconds } = this.config.lockout;
    const recent = (this.failures.get(key) ?? []).filter((t) => now - t < windowSeconds * 1000);
    recent.push(now);
    if (recent.length >= maxFailures) {
      this.failures.delete(key);
      this.lockedUntil.set(key, now + lockSeconds * 1000);
      return lockSeconds;
    }
    this.failures.set(key, recent);
    return 0;
  }

  recordSuccess(key: string): void {
    this.failures.delete(key);
  }

  // Bounded memory when an attacker sprays many distinct names: drop expired entries once the maps grow.
  private sweep(now: number): void {
    if (this.failures.size + this.lockedUntil.size < 10_000) return;
    const windowMs = this.config.lockout.windowSeconds * 1000;
    for (const [key, times] of this.failures) if (times.every((t) => now - t >= windowMs)) this.failures.delete(key);
    for (const [key, until] of this.lockedUntil) if (now >= until) this.lockedUntil.delete(key);
  }

  private now(): number {
    return this.clock().getTime();
  }
}

/**
 * The key an attempt counts against: the account when the name resolves to
 * one (so email and user name share one budget), else the normalised name.
 * Both lock after the same number of failures, so the lock reveals nothing.
 */
export function accountKey(login: string, userId: string | undefined): string {
  return userId ? `user:${userId}` : `name:${login.trim().toLowerCase()}`;
}
