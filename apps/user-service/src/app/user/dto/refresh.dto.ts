import type { RefreshRequest } from '@corsway/contracts';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { LogoutDto } from './logout.dto';

/** `POST /user/refresh`: logout's optional RefreshToken (body or cookie) plus an optional ClientId. */
export class RefreshDto extends LogoutDto implements Partial<RefreshRequest> {
  @ApiPropertyOptional({ example: 'web', description: 'When given, must be the client the token was issued to' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  ClientId?: string;
}
