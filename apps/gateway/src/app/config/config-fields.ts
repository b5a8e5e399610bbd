import { GatewayConfigError } from './gateway-config.error';

/** Small typed readers that throw a GatewayConfigError naming the field. */
export type JsonObject = Record<string, unknown>;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function readObject(value: unknown, field: string): JsonObject {
  if (!isObject(value)) throw new GatewayConfigError(field, 'must be a JSON object');
  return value;
}

export function optionalObject(value: unknown, field: string): JsonObject {
  return value === undefined ? {} : readObject(value, field);
}

export function readString(value: unknown, field: string): string {
  if (typeof value !== 'string' || value.trim() === '') throw new GatewayConfigError(field, 'must be a non-empty string');
  return value;
}

export function optionalBoolean(value: unknown, field: string, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') throw new GatewayConfigError(field, 'must be true or false');
  return value;
}

export function optionalPositiveInt(value: unknown, field: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value <= 0) {
    throw new GatewayConfigError(field, `must be a positive integer (got ${JSON.stringify(value)})`);
  }
  return value;
}

/** Rejects keys we do not know, so a typo (`"upstrem"`) fails instead of being ignored. */
export function rejectUnknownKeys(obj: JsonObject, known: readonly string[], field: string): void {
  for (const key of Object.keys(obj)) {
    if (!known.includes(key)) {
      const at = field ? `${field}.${key}` : key;
      throw new GatewayConfigError(at, `unknown field; expected one of ${known.join(', ')}`);
    }
  }
}
