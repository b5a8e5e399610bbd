import { ACCESS_TOKEN_AUDIENCE, ACCESS_TOKEN_ISSUER, ACCESS_TOKEN_TYPE } from '@corsway/contracts';
import { Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { Strategy } from 'passport-jwt';
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
      jwtFromRequest: bearerToken,
      algorithms: ['ES256'],
      issuer: ACCESS_TOKEN_ISSUER,
      audience: ACCESS_TOKEN_AUDIENCE,
      ignoreExpiration: false,
      secretOrKeyProvider: (_req: unknown, rawJwt: string, done: (err: unknown, key?: string) => void) => {
        const header = decodeHeader(rawJwt);
        if (!header || header.typ !== ACCESS_TOKEN_TYPE || typeof header.kid !== 'string') {
          return done(new UnauthorizedException('The access token is not an at+jwt token with a kid'));
        }
        // RFC 7515 §4.1.11: a "crit" extension we do not understand makes the token invalid
        // (jsonwebtoken ignores crit, so we check it here; we understand none).
        if (header.crit !== undefined) {
          return done(
            new UnauthorizedException('The access token has critical header extensions this service does not support'),
          );
        }
        const key = keys.verifier(header.kid, clock());
        if (!key) return done(new UnauthorizedException('The access token was signed by an unknown or retired key'));
        return done(null, key.publicKey.export({ format: 'pem', type: 'spki' }) as string);
      },
    });
  }

  /** Claims we issue are all required (RFC 9068 §2.2); jsonwebtoken only checks exp when present. */
  validate(claims: Partial<AccessTokenClaims>): AccessTokenClaims {
    const { sub, jti, iat, exp } = claims;
    if (
      typeof sub !== 'string' ||
      !sub ||
      typeof jti !== 'string' ||
      typeof iat !== 'number' ||
      typeof exp !== 'number'
    ) {
      throw new UnauthorizedException('The access token lacks a required claim (sub, jti, iat, exp)');
    }
    return { sub, jti, iat, exp };
  }
}

// Exactly "Bearer <one compact JWS>": passport-jwt's own extractor takes the first of
// several tokens and is lenient about what follows; a malformed header is simply no token.
const BEARER = /^Bearer ([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*)$/i;

function bearerToken(request: { headers: Record<string, string | string[] | undefined> }): string | null {
  const value = request.headers['authorization'];
  return typeof value === 'string' ? (BEARER.exec(value)?.[1] ?? null) : null;
}

function decodeHeader(rawJwt: string): { typ?: unknown; kid?: unknown; crit?: unknown } | null {
  try {
    return JSON.parse(Buffer.from(rawJwt.split('.')[0] ?? '', 'base64url').toString('utf8'));
  } catch {
    return null;
  }
}
