import { Inject, Injectable, Logger } from '@nestjs/common';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { CLOCK, USER_SERVICE_CONFIG, type Clock } from '../config/config.tokens';
import type { UserServiceConfig } from '../config/user-service.config';
import { RefreshMetrics } from '../metrics/refresh.metrics';
import { USER_REPOSITORY, type RefreshTokenRecord, type UserRepository } from '../persistence/user.repository';

export type RefreshFailure = 'unknown' | 'revoked' | 'reused' | 'raced' | 'expired' | 'wrong-client';

/**
 * Default of `CONCURRENT_REFRESH_LEEWAY_MS`: how long after a rotation the
 * rotated token still counts as a concurrent duplicate rather than a replay
 * (50 parallel refreshes of one token: exactly one wins and the family
 * survives for the winner). The same "reuse interval" Auth0 and Okta give; a
 * replay later than this revokes the family. Measured on the database's clock
 * (consumption time and "now" both read there), so instances whose clocks
 * disagree still agree on what is a race and what is a replay.
 */
export const CONCURRENT_REFRESH_LEEWAY_MS = 2_000;

export type RefreshOutcome =
  { ok: true; token: string; userId: string; clientId: string } | { ok: false; reason: RefreshFailure };

/**
 * Opaque refresh tokens (RFC 9700 §4.14): 32 random bytes, stored only as a
 * SHA-256 hash, bound to user + client, rotated on every use. Each login
 * starts a family; presenting a consumed token means two parties hold it,
 * so the whole family is revoked (§4.14.2 "refresh token rotation") —
 * unless it was rotated less than the leeway ago: then it
 * lost a race against its own client's parallel refresh, gets 401 and the
 * winner's successor stays live.
 */
@Injectable()
export class RefreshTokenService {
  private readonly logger = new Logger('Audit');

  constructor(
    @Inject(USER_REPOSITORY) private readonly repo: UserRepository,
    @Inject(USER_SERVICE_CONFIG) private readonly config: UserServiceConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly metrics: RefreshMetrics,
  ) {}

  /** Starts a new family at login. */
  async issue(userId: string, clientId: string): Promise<string> {
    const now = this.clock().getTime();
    const familyId = randomUUID();
    const { token, record } = this.mint(
      userId,
      clientId,
      familyId,
      null,
      now,
      now + this.config.refreshAbsoluteSeconds * 1000,
    );
    await this.repo.insertRefreshToken(record);
    return token;
  }

  /** Consumes `token` and returns its successor, or why not. */
  async rotate(token: string, clientId: string | undefined): Promise<RefreshOutcome> {
    const now = this.clock().getTime();
    const current = await this.repo.findRefreshToken(hashToken(token));
    if (!current) return { ok: false, reason: 'unknown' };
    if (current.revokedAt !== null) return { ok: false, reason: 'revoked' };
    if (current.consumedAt !== null) {
      // A token consumed before the database recorded its own clock has no reading: treat it as a replay.
      const ago = current.consumedAgoMs ?? Number.POSITIVE_INFINITY;
      return ago <= this.config.refreshLeewayMs ? this.raced(current) : this.reuse(current, now);
    }
    if (clientId !== undefined && clientId !== current.clientId) return { ok: false, reason: 'wrong-client' };
    if (now >= current.expiresAt || now >= current.idleExpiresAt) return { ok: false, reason: 'expired' };

    const next = this.mint(current.userId, current.clientId, current.familyId, current.id, now, current.expiresAt);
    const result = await this.repo.rotateRefreshToken(current.id, now, next.record);
    // Lost the race: a parallel request consumed it between our read and our UPDATE.
    if (result === 'already-consumed') return this.raced(current);
    this.metrics.rotated();
    return { ok: true, token: next.token, userId: current.userId, clientId: current.clientId };
  }

  /** Logout: revokes the token's family. Returns the user id, or null for an unknown token. */
  async revokeFamilyOf(token: string): Promise<{ userId: string; revoked: number } | null> {
    const current = await this.repo.findRefreshToken(hashToken(token));
    if (!current) return null;
    const revoked = await this.repo.revokeFamily(current.familyId, this.clock().getTime());
    return { userId: current.userId, revoked };
  }

  async revokeAllOf(userId: string): Promise<number> {
    return this.repo.revokeAllForUser(userId, this.clock().getTime());
  }

  private raced(token: RefreshTokenRecord): RefreshOutcome {
    this.logger.log(
      { audit: 'refresh.race', userId: token.userId, clientId: token.clientId, familyId: token.familyId },
      'Concurrent refresh of one token lost the race; family kept for the winner',
    );
    return { ok: false, reason: 'raced' };
  }

  private async reuse(token: RefreshTokenRecord, now: number): Promise<RefreshOutcome> {
    const revoked = await this.repo.revokeFamily(token.familyId, now);
    this.metrics.reuseDetected();
    this.logger.warn(
      { audit: 'refresh.reuse', userId: token.userId, clientId: token.clientId, familyId: token.familyId, revoked },
      'Refresh token reuse detected; family revoked',
    );
    return { ok: false, reason: 'reused' };
  }

  private mint(
    userId: string,
    clientId: string,
    familyId: string,
    parentId: string | null,
    now: number,
    expiresAt: number,
  ): { token: string; record: RefreshTokenRecord } {
    const token = randomBytes(32).toString('base64url');
    const record: RefreshTokenRecord = {
      id: randomUUID(),
      tokenHash: hashToken(token),
      userId,
      clientId,
      familyId,
      parentId,
      createdAt: now,
      expiresAt,
      idleExpiresAt: Math.min(expiresAt, now + this.config.refreshIdleSeconds * 1000),
      consumedAt: null,
      revokedAt: null,
    };
    return { token, record };
  }
}

/** SHA-256, base64url: a database leak does not leak usable tokens. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('base64url');
}
