import { Injectable, type ArgumentMetadata, type PipeTransform } from '@nestjs/common';
import { ApiException } from './api.exception';

/**
 * Runs before validation: the body must be a JSON object. `null`, arrays and
 * scalars are valid JSON but not a request we understand, and class-validator
 * would otherwise report them in confusing ways.
 */
@Injectable()
export class JsonObjectBodyPipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    if (metadata.type !== 'body') return value;
    if (value === undefined) return {}; // no body at all: let validation name the missing fields
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw new ApiException(400, 'The request body must be a JSON object, e.g. {"EmailOrUserName": "...", ...}.');
    }
    return value;
  }
}
