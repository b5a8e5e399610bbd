/**
 * The cause of a blocked request as Chromium names it: the DevTools protocol's
 * `Network.CorsError` value (what `corsErrorStatus.corsError` carries) and the
 * sentence its console prints after "has been blocked by CORS policy: ".
 */
export type CorsErrorCode =
  | 'MissingAllowOriginHeader'
  | 'WildcardOriginNotAllowed'
  | 'MultipleAllowOriginValues'
  | 'InvalidAllowOriginValue'
  | 'AllowOriginMismatch'
  | 'InvalidAllowCredentials'
  | 'PreflightInvalidStatus'
  | 'PreflightMissingAllowOriginHeader'
  | 'PreflightWildcardOriginNotAllowed'
  | 'PreflightMultipleAllowOriginValues'
  | 'PreflightInvalidAllowOriginValue'
  | 'PreflightAllowOriginMismatch'
  | 'PreflightInvalidAllowCredentials'
  | 'InvalidAllowMethodsPreflightResponse'
  | 'InvalidAllowHeadersPreflightResponse'
  | 'MethodDisallowedByPreflightResponse'
  | 'HeaderDisallowedByPreflightResponse'
  | 'PreflightMissingAllowPrivateNetwork';

/** Which request failed: `script` = `fetch` threw before sending anything (no CORS error at all). */
export type CorsFailedStep = 'script' | 'preflight' | 'actual';

export interface CorsFailure {
  readonly step: CorsFailedStep;
  /** Chromium's `corsErrorStatus.corsError`; null for a script error or an unreachable server. */
  readonly corsError: CorsErrorCode | null;
  /** Chromium's `corsErrorStatus.failedParameter` (the header value, method or header name at fault). */
  readonly failedParameter: string;
  /** The cause in Chromium's console wording. */
  readonly message: string;
  /**
   * With several request headers missing from Access-Control-Allow-Headers:
   * all of them, sorted. Chromium names one of them, in an order that is not
   * the header list's (the differential test saw several), so `failedParameter`
   * (the first here) may differ from the one its console names.
   */
  readonly missingHeaders?: readonly string[];
}

const PREFLIGHT = "Response to preflight request doesn't pass access control check: ";

/** Chromium's console sentence for a CORS error (blink's cors_error_string.cc wording). */
export function chromiumMessage(code: CorsErrorCode, p: string): string {
  const preflight = code.startsWith('Preflight') && code !== 'PreflightInvalidStatus' ? PREFLIGHT : '';
  switch (code) {
    case 'MissingAllowOriginHeader':
    case 'PreflightMissingAllowOriginHeader':
      return `${preflight}No 'Access-Control-Allow-Origin' header is present on the requested resource.`;
    case 'WildcardOriginNotAllowed':
    case 'PreflightWildcardOriginNotAllowed':
      return `${preflight}The value of the 'Access-Control-Allow-Origin' header in the response must not be the wildcard '*' when the request's credentials mode is 'include'.`;
    case 'MultipleAllowOriginValues':
    case 'PreflightMultipleAllowOriginValues':
      return `${preflight}The 'Access-Control-Allow-Origin' header contains multiple values '${p}', but only one is allowed.`;
    case 'InvalidAllowOriginValue':
    case 'PreflightInvalidAllowOriginValue':
      return `${preflight}The 'Access-Control-Allow-Origin' header contains the invalid value '${p}'.`;
    case 'AllowOriginMismatch':
    case 'PreflightAllowOriginMismatch':
      return `${preflight}The 'Access-Control-Allow-Origin' header has a value '${p}' that is not equal to the supplied origin.`;
    case 'InvalidAllowCredentials':
    case 'PreflightInvalidAllowCredentials':
      return `${preflight}The value of the 'Access-Control-Allow-Credentials' header in the response is '${p}' which must be 'true' when the request's credentials mode is 'include'.`;
    case 'PreflightInvalidStatus':
      return `${PREFLIGHT}It does not have HTTP ok status.`;
    case 'InvalidAllowMethodsPreflightResponse':
      return 'Cannot parse Access-Control-Allow-Methods response header field in preflight response.';
    case 'InvalidAllowHeadersPreflightResponse':
      return 'Cannot parse Access-Control-Allow-Headers response header field in preflight response.';
    case 'MethodDisallowedByPreflightResponse':
      return `Method ${p} is not allowed by Access-Control-Allow-Methods in preflight response.`;
    case 'HeaderDisallowedByPreflightResponse':
      return `Request header field ${p} is not allowed by Access-Control-Allow-Headers in preflight response.`;
    case 'PreflightMissingAllowPrivateNetwork':
      return `${PREFLIGHT}No 'Access-Control-Allow-Private-Network' header was present in the preflight response for this private network request.`;
  }
}
