import type { LoginRequest } from '@corsway/contracts';
import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';

/** `POST /user/login` (the seed's contract, field names exact). */
export class LoginDto implements LoginRequest {
  @ApiProperty({ example: 'demo', description: 'Email address or user name' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(254)
  EmailOrUserName!: string;

  @ApiProperty({ example: 'Demo@12345', format: 'password' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(128)
  Password!: string;

  @ApiProperty({ example: 'web', description: 'A registered client id' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  ClientId!: string;
}
