import { ACCESS_TOKEN_AUDIENCE, ACCESS_TOKEN_ISSUER, ACCESS_TOKEN_TYPE } from '@corsway/contracts';
import { createRemoteJWKSet, errors, jwtVerify, type JWTPayload } from 'jose';
import { GatewayHttpError, RETRY_SOON } from '../http/gateway-http.error';
import { bearerChallenge } from './bearer-token';

type RemoteJwks = ReturnType<typeof createRemoteJWKSet>;

/**
 * Edge auth: verifies user-service access tokens against
 * its JWKS. One jose remote key set per JWKS URL: jose caches the keys and
 * refetches when a token names an unknown `kid` (key rotation), with a
 * cool-down so a flood of bad kids cannot hammer user-service.
 */
export class AccessTokenVerifier {
  private readonly sets = new Map<string, RemoteJwks>();

  constructor(private readonly options: { cooldownMs?: number } = {}) {}

  async verify(token: string, jwksUrl: string, clockToleranceSeconds: number): Promise<JWTPayload> {
    try {
      const { payload } = await jwtVerify(token, this.keySet(jwksUrl), {
        // Only ES256: rejects alg "none" and HS256-with-the-public-key confusion (RFC 8725 §3.1).
        algorithms: ['ES256'],
        issuer: ACCESS_TOKEN_ISSUER,
        audience: ACCESS_TOKEN_AUDIENCE,
        typ: ACCESS_TOKEN_TYPE,
        clockTolerance: clockToleranceSeconds,
        requiredClaims: ['exp', 'sub'],
      });
      return payload;
    } catch (err) {
      throw toHttpError(err);
    }
  }

  private keySet(url: string): RemoteJwks {
    let set = this.sets.get(url);
    if (!set) {
      set = createRemoteJWKSet(new URL(url), { cooldownDuration: this.options.cooldownMs ?? 30_000, timeoutDuration: 5_000 });
      this.sets.set(url, set);
    }
    return set;
  }
}

function toHttpError(err: unknown): GatewayHttpError {
  if (err instanceof errors.JWKSTimeout || err instanceof errors.JWKSInvalid || isFetchFailure(err)) {
    return new GatewayHttpError(503, 'The gateway cannot verify access tokens right now: the user service key set is unreachable. Try again shortly.', RETRY_SOON);
  }
  const description = describe(err);
  return new GatewayHttpError(401, `The access token was rejected: ${description}. Sign in again to get a new token.`, {
    'www-authenticate': bearerChallenge({ code: 'invalid_token', description }),
  });
}

function describe(err: unknown): string {
  if (err instanceof errors.JWTExpired) return 'it has expired';
  if (err instanceof errors.JWTClaimValidationFailed) return `claim "${err.claim}" is invalid (${err.reason})`;
  if (err instanceof errors.JWKSNoMatchingKey) return 'it was not signed by a key the user service publishes';
  if (err instanceof errors.JWSSignatureVerificationFailed) return 'its signature does not verify';
  if (err instanceof errors.JOSEAlgNotAllowed) return 'its algorithm is not ES256';
  if (err instanceof errors.JWTInvalid || err instanceof errors.JWSInvalid) return 'it is not a well-formed JWT';
  return 'it could not be verified';
}

// By name, not instanceof: undici's TypeError may come from another realm
// (Jest's sandbox), and then the key set being down read as a bad token (401).
function isFetchFailure(err: unknown): boolean {
  const { name, message } = (err ?? {}) as { name?: unknown; message?: unknown };
  return name === 'TypeError' && typeof message === 'string' && /fetch failed/i.test(message);
}
