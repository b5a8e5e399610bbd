import type { RegisterRequest } from '@corsway/contracts';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';

// OWASP ASVS 2.1.1/2.1.2: at least 8 characters, and never cap below 64.
export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 128;

/** `POST /user/register`. */
export class RegisterDto implements RegisterRequest {
  @ApiProperty({ example: 'ada@example.com' })
  @IsString()
  @IsEmail({}, { message: 'Email must be a valid email address' })
  @MaxLength(254)
  Email!: string;

  @ApiProperty({ example: 'ada', description: '3-32 letters, digits, dot, underscore or hyphen' })
  @IsString()
  @Matches(/^[A-Za-z0-9._-]{3,32}$/, {
    message: 'UserName must be 3-32 characters: letters, digits, dot, underscore or hyphen',
  })
  UserName!: string;

  @ApiProperty({ minLength: PASSWORD_MIN, maxLength: PASSWORD_MAX, format: 'password' })
  @IsString()
  @MinLength(PASSWORD_MIN, { message: `Password must be at least ${PASSWORD_MIN} characters` })
  @MaxLength(PASSWORD_MAX, { message: `Password must be at most ${PASSWORD_MAX} characters` })
  Password!: string;

  @ApiPropertyOptional({ example: 'Ada Lovelace' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  DisplayName?: string;
}
