import { ValidationError, ValidationPipe } from '@nestjs/common';
import { ApiException } from './api.exception';

/**
 * class-validator with the envelope's `Errors` (field -> messages). Unknown
 * fields are rejected, not silently dropped, so a typo such as `Passwrod`
 * is reported instead of producing a confusing "Password is required".
 */
export function envelopeValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    // No implicit conversion: a number where a string belongs is an error, not a coercion.
    transformOptions: { enableImplicitConversion: false },
    validationError: { target: false, value: false },
    exceptionFactory: (errors: ValidationError[]) => {
      const fields: Record<string, string[]> = {};
      collect(errors, '', fields);
      const names = Object.keys(fields).join(', ');
      return new ApiException(400, `The request has invalid fields: ${names}. See Errors for what to fix.`, fields);
    },
  });
}

function collect(errors: ValidationError[], prefix: string, into: Record<string, string[]>): void {
  for (const e of errors) {
    const name = prefix + e.property;
    if (e.constraints) {
      // A value of the wrong type (an array or a number for a string) gets the type's message
      // alone: its length or format rules say nothing about a value that is not a string.
      const rules = 'isString' in e.constraints ? { isString: e.constraints['isString'] } : e.constraints;
      // forbidNonWhitelisted says "property X should not exist"; say what to do instead.
      into[name] = Object.entries(rules).map(([rule, msg]) =>
        rule === 'whitelistValidation' ? `${name} is not a known field; remove it` : msg,
      );
    }
    if (e.children?.length) collect(e.children, `${name}.`, into);
  }
}
