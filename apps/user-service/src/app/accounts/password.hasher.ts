import { clientKey } from '@corsway/contracts';
import { Tracing } from '@corsway/tracing';
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { hash, verify, type Options } from '@node-rs/argon2';
import { availableParallelism } from 'node:os';
import { USER_SERVICE_CONFIG } from '../config/config.tokens';
import type { UserServiceConfig } from '../config/user-service.config';
import { ApiException } from '../http/api.exception';
import { PasswordHashMetrics } from '../metrics/password-hash.metrics';
import { ConcurrencyLimit, QueueFullError } from './concurrency-limit';
import { withLoginOutcome } from './login-outcome';

/**
 * argon2id with the OWASP Password Storage Cheat Sheet parameters (19 MiB,
 * t=2, p=1). @node-rs/argon2's async calls run on libuv's thread pool, off the
 * event loop.
 */
export const ARGON2_OPTIONS: Options = {
  // Algorithm.Argon2id; the enum is a `const enum` that isolated-module builds cannot inline.
  algorithm: 2,
  memoryCost: 19456,
  timeCost: 2,
  parallelism: 1,
};

/**
 * Hashes at once: one core is left to the event loop. Measured (bench/README.md):
 * with libuv's 4 threads all hashing on 2 cores the loop's delay p99 was 36 ms;
 * with one hash at a time it was 15 ms, and logins/s rose 60%.
 */
const HASH_CONCURRENCY = Math.max(1, availableParallelism() - 1);

@Injectable()
export class PasswordHasher implements OnModuleInit {
  private readonly gate: ConcurrencyLimit;
  /** Spans of each hash and verification, under the request that queued it (bound before it waits in the gate). */
  @Inject(Tracing) private readonly tracing!: Tracing;

  /**
   * The queue is bounded (`HASH_QUEUE_LIMIT`): past it a login or
   * registration is refused at once with 503 and Retry-After instead of
   * waiting behind a flood (80 concurrent bad logins made a real one wait
   * 2.9 s), and fair between client addresses.
   */
  constructor(
    @Inject(USER_SERVICE_CONFIG) config: UserServiceConfig,
    private readonly metrics: PasswordHashMetrics,
  ) {
    // Fair between client addresses (round-robin, and a full queue makes room for a newcomer by
    // refusing the biggest client's newest waiter): measured in bench/ (login-flood rows).
    this.gate = new ConcurrencyLimit(HASH_CONCURRENCY, config.hashQueueLimit);
    metrics.watchQueue(() => this.gate.queued);
  }

  /**
   * A real hash of a random secret, computed once: unknown accounts verify
   * against it so they cost the same time as a wrong password (OWASP
   * Authentication Cheat Sheet "Authentication responses").
   */
  private dummy: Promise<string> | undefined;

  // Computed at start-up, so the first unknown-user login is not slower than the others.
  async onModuleInit(): Promise<void> {
    this.dummy ??= hash(`dummy-${Math.random()}`, ARGON2_OPTIONS);
    await this.dummy;
  }

  /** `client` (the caller's address) bounds how much of the queue one caller can hold. */
  hash(password: string, client?: string): Promise<string> {
    return this.gated(this.tracing.bindChild('password hash', () => hash(password, ARGON2_OPTIONS)), client);
  }

  async verify(passwordHash: string, password: string, client?: string): Promise<boolean> {
    // A corrupt stored hash is a failed login, not a 500.
    return this.gated(this.tracing.bindChild('password verify', () => verify(passwordHash, password).catch(() => false)), client);
  }

  /** Burns one verification's worth of time; always false. */
  async verifyDummy(password: string, client?: string): Promise<false> {
    this.dummyVerifications++;
    this.dummy ??= hash(`dummy-${Math.random()}`, ARGON2_OPTIONS);
    const dummy = await this.dummy;
    await this.gated(this.tracing.bindChild('password verify', () => verify(dummy, password)), client);
    return false;
  }

  // Unknown accounts queue (and are refused) exactly like real ones: the 503 reveals nothing either.
  private async gated<T>(task: () => Promise<T>, client: string | undefined): Promise<T> {
    // The wait is from asking for a slot to starting: what a flood costs every caller.
    const queuedAt = performance.now();
    const timed = () => {
      this.metrics.waited((performance.now() - queuedAt) / 1000);
      return task();
    };
    try {
      // An IPv6 caller is one client per /64 network: it could take a new address per request.
      return await this.gate.run(timed, client === undefined ? undefined : clientKey(client));
    } catch (error) {
      if (error instanceof QueueFullError) throw busy();
      throw error;
    }
  }

  /** How many dummy verifications ran (for the enumeration test: proves the path is taken). */
  dummyVerifications = 0;
}

function busy(): ApiException {
  return withLoginOutcome(
    new ApiException(
      503,
      'Too many sign-in requests are being checked right now. Nothing was changed; try again in a second.',
      null,
      { 'Retry-After': '1' },
    ),
    'busy',
  );
}
