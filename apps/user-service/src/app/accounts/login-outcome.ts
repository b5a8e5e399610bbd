import { ApiException } from '../http/api.exception';

/**
 * How a request to `POST /user/login` ended, one value per request (the
 * `outcome` label of `user_service_logins_total`, metrics/login.metrics.ts):
 *
 * - `success`: 200, tokens issued.
 * - `invalid_request`: 400 (the body is not a JSON object or fails validation),
 *   or 403 for an unknown `ClientId`: refused before any credential is checked.
 * - `bad_credentials`: 401, unknown account or wrong password.
 * - `locked`: 403 with Retry-After: this account is locked for this address,
 *   including the failure that locked it.
 * - `throttled`: 429, the per-address or the account-wide limit.
 * - `busy`: 503, the password-hashing queue is full.
 * - `error`: anything else (database unavailable, an internal error).
 */
export const LOGIN_OUTCOMES = [
  'success',
  'invalid_request',
  'bad_credentials',
  'locked',
  'throttled',
  'busy',
  'error',
] as const;
export type LoginOutcome = (typeof LOGIN_OUTCOMES)[number];

// Weak: the mark lives exactly as long as the error it is on.
const marks = new WeakMap<object, LoginOutcome>();

/**
 * Marks an error with the login outcome it means, where that outcome is
 * decided (lockout, throttles, the credential check, the hash queue). Only the
 * login route reads it; on other routes (register, refresh) it means nothing.
 */
export function withLoginOutcome<E extends object>(error: E, outcome: LoginOutcome): E {
  marks.set(error, outcome);
  return error;
}

/** The outcome of a login that threw `error`. */
export function loginOutcomeOf(error: unknown): LoginOutcome {
  const marked = typeof error === 'object' && error !== null ? marks.get(error) : undefined;
  if (marked) return marked;
  // The login handler raises no 400 of its own: a 400 is the body pipes refusing the body
  // (JsonObjectBodyPipe, the validation pipe); a RangeError is a body too deep to validate,
  // which the envelope filter answers with 400 too (http/error-envelope.ts).
  if ((error instanceof ApiException && error.getStatus() === 400) || error instanceof RangeError)
    return 'invalid_request';
  return 'error';
}
