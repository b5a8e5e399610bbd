/**
 * The one response shape of user-service and of the gateway's own errors
 * (README.md "The API contract"). PascalCase on purpose: it is the seed's
 * ASP.NET contract and browser code reads `res.Message`.
 */
export interface ApiEnvelope<T = unknown> {
  Success: boolean;
  Data: T | null;
  Message: string;
  /** Field name -> messages, for 400 validation failures; otherwise null. */
  Errors: Record<string, string[]> | null;
}

/** A successful envelope around `data`. */
export function ok<T>(data: T, message = 'OK'): ApiEnvelope<T> {
  return { Success: true, Data: data, Message: message, Errors: null };
}

/** A failed envelope: `Message` says what to fix, `Errors` names the fields. */
export function fail(message: string, errors: Record<string, string[]> | null = null): ApiEnvelope<null> {
  return { Success: false, Data: null, Message: message, Errors: errors };
}

/** True when `value` has the envelope's four fields with the right types. */
export function isApiEnvelope(value: unknown): value is ApiEnvelope {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v['Success'] === 'boolean' &&
    'Data' in v &&
    typeof v['Message'] === 'string' &&
    (v['Errors'] === null || (typeof v['Errors'] === 'object' && !Array.isArray(v['Errors'])))
  );
}
