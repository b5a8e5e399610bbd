import { clientKey } from '@corsway/contracts';
import { Inject, Injectable } from '@nestjs/common';
import { USER_SERVICE_CONFIG } from '../config/config.tokens';
import type { UserServiceConfig } from '../config/user-service.config';
import { COUNTER_STORE, type CounterStore } from './counters/counter-store';

/** Why a login was refused before its password was checked. */
export type LoginBlock = { reason: 'locked' | 'throttled'; seconds: number } | null;

/**
 * Throttling and temporary lockout (OWASP Authentication Cheat Sheet
 * "Account lockout"; NIST SP 800-63B §5.2.2 "Rate limiting"), on the shared
 * counter store, so every instance counts together.
 *
 * - Per IP: `throttle.ipLimit` requests per window on the credential endpoints → 429.
 * - Lockout is keyed by account AND client IP: `lockout.maxFailures` failures
 *   from one address lock sign-in for that account from that address only →
 *   403. An attacker who knows only a user name cannot lock its owner out
 *   from anywhere else.
 * - Account-wide, a slower limit that delays instead of locking:
 *   `throttle.accountLimit` attempts per window over all addresses → 429 with
 *   a Retry-After of at most one window. Attempts from an address that is
 *   already locked do not count here, so one address cannot keep it full.
 *
 * An unknown name counts and locks exactly like a real account (see
 * `accountKey`), so no answer reveals whether an account exists. "Address"
 * is an IPv6 client's /64 network (`clientKey` in libs/contracts): such a
 * client can take a new address from its /64 for every attempt.
 */
@Injectable()
export class LoginGuardrails {
  constructor(
    @Inject(USER_SERVICE_CONFIG) private readonly config: UserServiceConfig,
    @Inject(COUNTER_STORE) private readonly store: CounterStore,
  ) {}

  /** Seconds to wait before this IP may try again, or 0. */
  async throttleIp(ip: string): Promise<number> {
    return this.over(await this.store.hit(`ip:${clientKey(ip)}`, this.windowMs()), this.config.throttle.ipLimit);
  }

  /** The account+IP lock first (it does not spend the account's budget), then the account-wide limit. */
  async beforeLogin(account: string, ip: string): Promise<LoginBlock> {
    const lockedMs = await this.store.ttl(lockKey(account, ip));
    if (lockedMs > 0) return { reason: 'locked', seconds: Math.ceil(lockedMs / 1000) };
    const wait = this.over(await this.store.hit(`acct:${account}`, this.windowMs()), this.config.throttle.accountLimit);
    return wait ? { reason: 'throttled', seconds: wait } : null;
  }

  /** Records a failed login; returns the lock seconds if this failure locked the account for this IP. */
  async recordFailure(account: string, ip: string): Promise<number> {
    const { maxFailures, windowSeconds, lockSeconds } = this.config.lockout;
    const lockedMs = await this.store.fail(
      failKey(account, ip),
      lockKey(account, ip),
      windowSeconds * 1000,
      maxFailures,
      lockSeconds * 1000,
    );
    return Math.ceil(lockedMs / 1000);
  }

  async recordSuccess(account: string, ip: string): Promise<void> {
    await this.store.delete(failKey(account, ip));
  }

  private over({ count, resetMs }: { count: number; resetMs: number }, limit: number): number {
    return count > limit ? Math.max(1, Math.ceil(resetMs / 1000)) : 0;
  }

  private windowMs(): number {
    return this.config.throttle.windowSeconds * 1000;
  }
}

const failKey = (account: string, ip: string) => `fail:${account}|${clientKey(ip)}`;
const lockKey = (account: string, ip: string) => `lock:${account}|${clientKey(ip)}`;

/**
 * The key an attempt counts against: the account when the name resolves to
 * one (so email and user name share one budget), else the normalised name.
 * Both lock after the same number of failures, so the lock reveals nothing.
 */
export function accountKey(login: string, userId: string | undefined): string {
  return userId ? `user:${userId}` : `name:${login.trim().toLowerCase()}`;
}
