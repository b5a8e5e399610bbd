import type { RefreshRequest } from '@corsway/contracts';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';

/** `POST /user/refresh`; the token may come from the `refresh_token` cookie instead. */
export class RefreshDto implements Partial<RefreshRequest> {
  @ApiPropertyOptional({ description: 'Omit to use the refresh_token cookie' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  RefreshToken?: string;

  @ApiPropertyOptional({ example: 'web', description: 'When given, must be the client the token was issued to' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  ClientId?: string;
}
