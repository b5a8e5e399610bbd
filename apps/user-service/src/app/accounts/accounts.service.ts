import type { PublicUser } from '@corsway/contracts';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { CLOCK, type Clock } from '../config/config.tokens';
import { ApiException, tooManyRequests } from '../http/api.exception';
import { DuplicateUserError } from '../persistence/duplicate-user.error';
import { USER_REPOSITORY, type UserRecord, type UserRepository } from '../persistence/user.repository';
import { LoginGuardrails, accountKey } from './login-guardrails.service';
import { withLoginOutcome } from './login-outcome';
import { PasswordHasher } from './password.hasher';

export interface RegisterInput {
  email: string;
  userName: string;
  password: string;
  displayName?: string;
}

// One message for unknown user and wrong password (OWASP Authentication Cheat Sheet "Authentication responses").
export const BAD_CREDENTIALS = 'The email/user name or password is incorrect.';

@Injectable()
export class AccountsService {
  private readonly audit = new Logger('Audit');

  constructor(
    @Inject(USER_REPOSITORY) private readonly repo: UserRepository,
    private readonly hasher: PasswordHasher,
    private readonly guardrails: LoginGuardrails,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async register(input: RegisterInput, ip?: string): Promise<PublicUser> {
    const passwordHash = await this.hasher.hash(input.password, ip);
    try {
      // No "does it exist?" pre-check: the unique indexes decide, so concurrent registrations cannot both win.
      const user = await this.repo.createUser({
        id: randomUUID(),
        email: input.email.trim(),
        userName: input.userName.trim(),
        displayName: (input.displayName ?? '').trim() || input.userName.trim(),
        passwordHash,
        createdAt: this.clock().getTime(),
      });
      this.audit.log({ audit: 'register', userId: user.id }, 'Account registered');
      return toPublicUser(user);
    } catch (error) {
      if (error instanceof DuplicateUserError) {
        throw new ApiException(409, error.message, { [error.field]: [error.message] });
      }
      throw error;
    }
  }

  /** Checks credentials under throttling and lockout; throws the envelope error on any failure. */
  async authenticate(login: string, password: string, clientId: string, ip: string): Promise<UserRecord> {
    const user = await this.repo.findUserByEmailOrUserName(login.trim());
    const key = accountKey(login, user?.id);

    const block = await this.guardrails.beforeLogin(key, ip);
    if (block) {
      this.audit.warn(
        {
          audit: 'login.blocked',
          reason: block.reason,
          login: login.slice(0, 64),
          userId: user?.id ?? null,
          clientId,
          ip,
        },
        'Login refused before checking the password',
      );
      throw block.reason === 'throttled'
        ? withLoginOutcome(tooManyRequests(block.seconds, 'sign-in attempts for this account'), 'throttled')
        : withLoginOutcome(lockedError(block.seconds), 'locked');
    }

    // Unknown user: verify against the dummy hash so both failures take the same time.
    const valid = user
      ? await this.hasher.verify(user.passwordHash, password, ip)
      : await this.hasher.verifyDummy(password, ip);
    if (!user || !valid) {
      const lockedNow = await this.guardrails.recordFailure(key, ip);
      this.audit.warn(
        {
          audit: 'login.failure',
          login: login.slice(0, 64),
          userId: user?.id ?? null,
          clientId,
          ip,
          locked: lockedNow > 0,
        },
        'Login failed',
      );
      if (lockedNow) throw withLoginOutcome(lockedError(lockedNow), 'locked');
      throw withLoginOutcome(new ApiException(401, BAD_CREDENTIALS), 'bad_credentials');
    }
    await this.guardrails.recordSuccess(key, ip);
    this.audit.log({ audit: 'login.success', userId: user.id, clientId, ip }, 'Login succeeded');
    return user;
  }

  async findById(id: string): Promise<UserRecord | null> {
    return this.repo.findUserById(id);
  }
}

function lockedError(seconds: number): ApiException {
  const minutes = Math.ceil(seconds / 60);
  return new ApiException(
    403,
    `Too many failed sign-in attempts. Sign-in for this account from your network is locked for ${minutes} minute${minutes === 1 ? '' : 's'}; try again later.`,
    null,
    { 'Retry-After': String(seconds) },
  );
}

export function toPublicUser(user: UserRecord): PublicUser {
  return { Id: user.id, Email: user.email, UserName: user.userName, DisplayName: user.displayName };
}
