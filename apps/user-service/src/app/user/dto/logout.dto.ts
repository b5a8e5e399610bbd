import type { LogoutRequest } from '@corsway/contracts';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';

/** `POST /user/logout`; the token may come from the `refresh_token` cookie instead. */
export class LogoutDto implements LogoutRequest {
  @ApiPropertyOptional({ description: 'Omit to use the refresh_token cookie' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  RefreshToken?: string;
}
