import type { ApiEnvelope, LoginData, PublicUser } from '@corsway/contracts';
import { applyDecorators, type Type } from '@nestjs/common';
import { ApiExtraModels, ApiProperty, ApiPropertyOptional, ApiResponse, getSchemaPath } from '@nestjs/swagger';

// OpenAPI schemas of the envelope and its payloads, so /docs shows what
// clients really receive (the contracts lib holds only interfaces).

export class EnvelopeSchema implements ApiEnvelope {
  @ApiProperty()
  Success!: boolean;

  @ApiProperty({ nullable: true, description: 'The payload; null on failure' })
  Data!: unknown;

  @ApiProperty({ example: 'What happened, or what to fix' })
  Message!: string;

  @ApiProperty({
    nullable: true,
    type: 'object',
    additionalProperties: { type: 'array', items: { type: 'string' } },
    example: { Email: ['Email must be a valid email address'] },
    description: 'Field -> messages (400 validation, 409 duplicate); otherwise null',
  })
  Errors!: Record<string, string[]> | null;
}

export class PublicUserSchema implements PublicUser {
  @ApiProperty({ format: 'uuid' }) Id!: string;
  @ApiProperty({ example: 'demo@example.com' }) Email!: string;
  @ApiProperty({ example: 'demo' }) UserName!: string;
  @ApiProperty({ example: 'Demo User' }) DisplayName!: string;
}

export class LoginDataSchema extends PublicUserSchema implements LoginData {
  @ApiProperty({ description: 'ES256 JWT, typ at+jwt' }) AccessToken!: string;
  @ApiPropertyOptional({
    description: 'Opaque; always in the HttpOnly refresh cookie, in the body only for non-browser clients (not `web`)',
  })
  RefreshToken?: string;
  @ApiProperty({ example: 900, description: 'Access token lifetime in seconds' }) ExpiresIn!: number;
  @ApiProperty({ enum: ['Bearer'] }) TokenType!: 'Bearer';
}

/** Documents one response as the envelope, with `Data` of `data`'s schema (or null). */
export function ApiEnvelopeResponse(status: number, description: string, data?: Type<unknown>) {
  return applyDecorators(
    ApiExtraModels(EnvelopeSchema, ...(data ? [data] : [])),
    ApiResponse({
      status,
      description,
      schema: {
        allOf: [
          { $ref: getSchemaPath(EnvelopeSchema) },
          { properties: { Data: data ? { $ref: getSchemaPath(data) } : { nullable: true, example: null } } },
        ],
      },
    }),
  );
}
