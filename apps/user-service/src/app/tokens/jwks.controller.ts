import { Controller, Get, Header, Inject } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CLOCK, type Clock } from '../config/config.tokens';
import { publicJwk } from './signing-key';
import { SigningKeySet } from './signing-key-set';

/**
 * RFC 7517 JWK Set of every published key. Deliberately NOT the envelope:
 * JWKS clients (jose's createRemoteJWKSet at the gateway) expect `{keys}`.
 */
@ApiTags('keys')
@Controller('.well-known')
export class JwksController {
  constructor(
    private readonly keys: SigningKeySet,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Get('jwks.json')
  @Header('Cache-Control', 'public, max-age=300')
  @ApiOkResponse({ description: 'The public keys that verify access tokens (RFC 7517)' })
  jwks(): { keys: ReturnType<typeof publicJwk>[] } {
    return { keys: this.keys.published(this.clock()).map(publicJwk) };
  }
}
