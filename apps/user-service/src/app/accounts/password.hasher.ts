import { Injectable, type OnModuleInit } from '@nestjs/common';
import { hash, verify, type Options } from '@node-rs/argon2';

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

@Injectable()
export class PasswordHasher implements OnModuleInit {
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
    return hash(password, ARGON2_OPTIONS);
  }

  async verify(passwordHash: string, password: string): Promise<boolean> {
    try {
      return await verify(passwordHash, password);
    } catch {
      return false; // a corrupt stored hash is a failed login, not a 500
    }
  }

  /** Burns one verification's worth of time; always false. */
  async verifyDummy(password: string): Promise<false> {
    this.dummyVerifications++;
    this.dummy ??= hash(`dummy-${Math.random()}`, ARGON2_OPTIONS);
    await verify(await this.dummy, password);
    return false;
  }

  /** How many dummy verifications ran (for the enumeration test: proves the path is taken). */
  dummyVerifications = 0;
}
