import { Injectable, type ArgumentMetadata, type PipeTransform } from '@nestjs/common';
import { ApiException } from './api.exception';

/**
 * Runs before validation: the body must be a JSON object. `null`, arrays and
 * scalars are valid JSON but not a request we understand, and class-validator
 * would otherwise report them in confusing ways. Strings must not contain
 * U+0000: PostgreSQL text cannot store it (error 22021, a 500 instead of a 400)
 * and SQLite would store it silently, so the two engines would disagree.
 */
@Injectable()
export class JsonObjectBodyPipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    if (metadata.type !== 'body') return value;
    if (value === undefined) return {}; // no body at all: let validation name the missing fields
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw new ApiException(400, 'The request body must be a JSON object, e.g. {"EmailOrUserName": "...", ...}.');
    }
    const withNul = Object.entries(value).filter(([, v]) => typeof v === 'string' && v.includes('\u0000'));
    if (withNul.length) {
      const errors = Object.fromEntries(
        withNul.map(([k]) => [k, [`${k} must not contain the NUL character (\\u0000)`]]),
      );
      throw new ApiException(
        400,
        `The request has invalid fields: ${Object.keys(errors).join(', ')}. See Errors for what to fix.`,
        errors,
      );
    }
    return value;
  }
}
