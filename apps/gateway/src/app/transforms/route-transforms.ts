import { isObject, readObject, rejectUnknownKeys } from '../config/config-fields';
import { GatewayConfigError } from '../config/gateway-config.error';
import { HOP_BY_HOP } from '../proxy/hop-by-hop.headers';

/** One direction's header edits, names lower-cased: `remove` first, then `set`. */
export interface HeaderTransform {
  readonly set: readonly (readonly [name: string, value: string])[];
  /** Every name `set` or `remove` touches: an upstream value of any of them is dropped. */
  readonly drop: ReadonlySet<string>;
}

/**
 * `routes[i].transforms` after validation (YARP's request/response header
 * transforms): headers set on or removed from the request sent to the
 * service, and from the service's response before the client gets it.
 */
export interface RouteTransforms {
  readonly requestHeaders: HeaderTransform | null;
  readonly responseHeaders: HeaderTransform | null;
}

export const NO_TRANSFORMS: RouteTransforms = Object.freeze({ requestHeaders: null, responseHeaders: null });

// RFC 9110 §5.1 field-name = token; §5.5 field-value: visible characters,
// spaces and tabs, no CR/LF/NUL (a value with a newline would split the head).
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const FIELD_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;

// What a transform may not touch, and why (the message names the owner).
const FRAMING = ['content-length', 'transfer-encoding', 'host'];
const REQUEST_OWNED: Readonly<Record<string, string>> = {
  'x-request-id': 'the gateway sets the request id',
  'x-forwarded-for': 'the gateway writes X-Forwarded-* (see trusted proxies)',
  'x-forwarded-proto': 'the gateway writes X-Forwarded-* (see trusted proxies)',
  'x-forwarded-host': 'the gateway writes X-Forwarded-* (see trusted proxies)',
};
const RESPONSE_OWNED: Readonly<Record<string, string>> = {
  'x-request-id': 'the gateway sets the request id',
  vary: 'the CORS stage appends Origin to Vary; overwriting it would break caches (RFC 9110 §12.5.5)',
};

/** Validates `routes[i].transforms`; every error names the field's path. */
export function validateRouteTransforms(raw: unknown, field: string): RouteTransforms {
  if (raw === undefined) return NO_TRANSFORMS;
  const obj = readObject(raw, field);
  rejectUnknownKeys(obj, ['requestHeaders', 'responseHeaders'], field);
  return Object.freeze({
    requestHeaders: headerTransform(obj['requestHeaders'], `${field}.requestHeaders`, 'request'),
    responseHeaders: headerTransform(obj['responseHeaders'], `${field}.responseHeaders`, 'response'),
  });
}

function headerTransform(raw: unknown, field: string, direction: 'request' | 'response'): HeaderTransform | null {
  if (raw === undefined) return null;
  const obj = readObject(raw, field);
  rejectUnknownKeys(obj, ['set', 'remove'], field);
  const set: [string, string][] = [];
  const drop = new Set<string>();
  if (obj['set'] !== undefined) {
    if (!isObject(obj['set'])) throw new GatewayConfigError(`${field}.set`, 'must be an object of header name -> value, like {"X-Api-Version": "2"}');
    for (const [name, value] of Object.entries(obj['set'])) {
      const at = `${field}.set.${name}`;
      const lower = checkName(name, at, direction);
      if (typeof value !== 'string' || !FIELD_VALUE.test(value)) {
        throw new GatewayConfigError(at, 'must be a string header value without CR, LF or NUL (RFC 9110 §5.5)');
      }
      set.push([lower, value]);
      drop.add(lower);
    }
  }
  if (obj['remove'] !== undefined) {
    if (!Array.isArray(obj['remove'])) throw new GatewayConfigError(`${field}.remove`, 'must be an array of header names, like ["Server"]');
    obj['remove'].forEach((name, i) => {
      const at = `${field}.remove[${i}]`;
      if (typeof name !== 'string') throw new GatewayConfigError(at, 'must be a header name string');
      const lower = checkName(name, at, direction);
      if (set.some(([n]) => n === lower)) throw new GatewayConfigError(at, `"${name}" is also in ${field}.set; set it or remove it, not both`);
      drop.add(lower);
    });
  }
  if (set.length === 0 && drop.size === 0) return null;
  return Object.freeze({ set: Object.freeze(set.map((p) => Object.freeze(p))), drop });
}

function checkName(name: string, field: string, direction: 'request' | 'response'): string {
  if (!TOKEN.test(name)) throw new GatewayConfigError(field, `"${name}" is not a valid header name (RFC 9110 §5.1 token)`);
  const lower = name.toLowerCase();
  if (direction === 'response' && lower.startsWith('access-control-')) {
    throw new GatewayConfigError(field, `"${name}": Access-Control-* response headers belong to the route's CORS policy; change the policy in cors.policies instead`);
  }
  if (HOP_BY_HOP.has(lower) || FRAMING.includes(lower)) {
    throw new GatewayConfigError(field, `"${name}" is a connection or framing header the proxy manages per hop (RFC 9110 §7.6.1); it cannot be transformed`);
  }
  const owner = (direction === 'request' ? REQUEST_OWNED : RESPONSE_OWNED)[lower];
  if (owner !== undefined) throw new GatewayConfigError(field, `"${name}" cannot be transformed: ${owner}`);
  return lower;
}
