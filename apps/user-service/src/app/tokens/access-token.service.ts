import { ACCESS_TOKEN_AUDIENCE, ACCESS_TOKEN_ISSUER, ACCESS_TOKEN_TYPE } from '@corsway/contracts';
import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { randomUUID } from 'node:crypto';
import { CLOCK, USER_SERVICE_CONFIG, type Clock } from '../config/config.tokens';
import type { UserServiceConfig } from '../config/user-service.config';
import { SigningKeySet } from './signing-key-set';

export interface IssuedAccessToken {
  token: string;
  expiresIn: number;
}

/**
 * Signs access tokens: ES256 with the key set's current signer and its kid in
 * the header, `typ: at+jwt` (RFC 9068 §2.1), claims sub/iss/aud/exp/iat/jti
 * (RFC 8725 §3.8-3.11: explicit typ, issuer and audience).
 */
@Injectable()
export class AccessTokenService {
  constructor(
    private readonly jwt: JwtService,
    private readonly keys: SigningKeySet,
    @Inject(USER_SERVICE_CONFIG) private readonly config: UserServiceConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  issue(userId: string): IssuedAccessToken {
    const now = this.clock();
    const signer = this.keys.signer(now);
    const iat = Math.floor(now.getTime() / 1000);
    const expiresIn = this.config.accessTokenTtlSeconds;
    const token = this.jwt.sign(
      { iat, exp: iat + expiresIn },
      {
        algorithm: 'ES256',
        privateKey: signer.privateKey,
        keyid: signer.kid,
        header: { alg: 'ES256', typ: ACCESS_TOKEN_TYPE },
        issuer: ACCESS_TOKEN_ISSUER,
        audience: ACCESS_TOKEN_AUDIENCE,
        subject: userId,
        jwtid: randomUUID(),
      },
    );
    return { token, expiresIn };
  }
}
