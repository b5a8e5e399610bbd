import {
  PASSWORD_MAX_LENGTH,
  PASSWORD_MIN_LENGTH,
  PASSWORD_RULE_HINT,
  passwordProblems,
  type RegisterRequest,
} from '@corsway/contracts';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsEmail,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  Validate,
  ValidatorConstraint,
  type ValidationArguments,
  type ValidatorConstraintInterface,
} from 'class-validator';

/**
 * The password rule of `@corsway/contracts` (NIST SP 800-63B §5.1.1.2), the
 * same one the register page states, with the other fields as context (a
 * password equal to the user name or email is refused).
 */
@ValidatorConstraint({ name: 'passwordRule' })
class PasswordRule implements ValidatorConstraintInterface {
  validate(value: unknown, args: ValidationArguments): boolean {
    return typeof value === 'string' && passwordProblems(value, context(args)).length === 0;
  }

  defaultMessage(args: ValidationArguments): string {
    const value = args.value;
    return typeof value === 'string' ? passwordProblems(value, context(args)).join('; ') : 'Password must be a string';
  }
}

function context(args: ValidationArguments): { userName?: string; email?: string } {
  const o = args.object as Partial<RegisterRequest>;
  return {
    userName: typeof o.UserName === 'string' ? o.UserName : undefined,
    email: typeof o.Email === 'string' ? o.Email : undefined,
  };
}

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

  @ApiProperty({
    minLength: PASSWORD_MIN_LENGTH,
    maxLength: PASSWORD_MAX_LENGTH,
    format: 'password',
    description: PASSWORD_RULE_HINT,
  })
  @IsString()
  @Validate(PasswordRule)
  Password!: string;

  @ApiPropertyOptional({ example: 'Ada Lovelace' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  DisplayName?: string;
}
