import { Injectable, type OnModuleInit } from '@nestjs/common';
import { hash, verify, type Options } from '@node-rs/argon2';
import { availableParallelism } from 'node:os';
import { ConcurrencyLimit } from './concurrency-limit';

/**
 * argon2id with the OWASP Password Storage Cheat Sheet parameters (19 MiB,
 * t=2, p=1). @node-rs/argon2's async calls run on libuv's thread pool, off the
 * event loop (issue 4).
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
  private readonly gate = new ConcurrencyLimit(HASH_CONCURRENCY);

  /**
   * A real hash of a random secret, computed once: unknown accounts verify
   * against it so they cost the same time as a wrong password (issue 4
   * "same timing"; OWASP Authentication Cheat Sheet).
   */
  private dummy: Promise<string> | undefined;

  // Computed at start-up, so the first unknown-user login is not slower than the others.
  async onModuleInit(): Promise<void> {
    this.dummy ??= hash(`dummy-${Math.random()}`, ARGON2_OPTIONS);
    await this.dummy;
  }

  hash(password: string): Promise<string> {
    return this.gate.run(() => hash(password, ARGON2_OPTIONS));
  }

  async verify(passwordHash: string, password: string): Promise<boolean> {
    try {
      return await this.gate.run(() => verify(passwordHash, password));
    } catch {
      return false; // a corrupt stored hash is a failed login, not a 500
    }
  }

  /** Burns one verification's worth of time; always false. */
  async verifyDummy(password: string): Promise<false> {
    this.dummyVerifications++;
    this.dummy ??= hash(`dummy-${Math.random()}`, ARGON2_OPTIONS);
    const dummy = await this.dummy;
    await this.gate.run(() => verify(dummy, password));
    return false;
  }

  /** How many dummy verifications ran (for the enumeration test: proves the path is taken). */
  dummyVerifications = 0;
}
