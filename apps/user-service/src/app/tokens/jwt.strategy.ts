import { ACCESS_TOKEN_AUDIENCE, ACCESS_TOKEN_ISSUER, ACCESS_TOKEN_TYPE } from '@corsway/contracts';
import { Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { CLOCK, type Clock } from '../config/config.tokens';
import { SigningKeySet } from './signing-key-set';

export interface AccessTokenClaims {
  sub: string;
  jti: string;
  iat: number;
  exp: number;
}

/**
 * `GET /user/me` authentication. The key comes from the kid in the header and
 * must be published now; only ES256 is accepted (RFC 8725 §3.1: never let the
 * token pick the algorithm); iss, aud and exp are checked by jsonwebtoken and
 * typ here (RFC 8725 §3.11: access tokens are not interchangeable with other JWTs).
 */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor(keys: SigningKeySet, @Inject(CLOCK) clock: Clock) {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      algorithms: ['ES256'],
      issuer: ACCESS_TOKEN_ISSUER,
      audience: ACCESS_TOKEN_AUDIENCE,
      ignoreExpiration: false,
      secretOrKeyProvider: (_req: unknown, rawJwt: string, done: (err: unknown, key?: string) => void) => {
        const header = decodeHeader(rawJwt);
        if (!header || header.typ !== ACCESS_TOKEN_TYPE || typeof header.kid !== 'string') {
          return done(new UnauthorizedException('The access token is not an at+jwt token with a kid'));
        }
        const key = keys.verifier(header.kid, clock());
        if (!key) return done(new UnauthorizedException('The access token was signed by an unknown or retired key'));
        return done(null, key.publicKey.export({ format: 'pem', type: 'spki' }) as string);
      },
    });
  }

  validate(claims: AccessTokenClaims): AccessTokenClaims {
    if (typeof claims.sub !== 'string' || !claims.sub)
      throw new UnauthorizedException('The access token has no subject');
    return claims;
  }
}

function decodeHeader(rawJwt: string): { typ?: unknown; kid?: unknown } | null {
  try {
    return JSON.parse(Buffer.from(rawJwt.split('.')[0] ?? '', 'base64url').toString('utf8'));
  } catch {
    return null;
  }
}
