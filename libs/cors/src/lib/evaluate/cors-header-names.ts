/** Response header names (Fetch §3.2.3), canonical casing for the wire. */
export const ALLOW_ORIGIN = 'Access-Control-Allow-Origin';
export const ALLOW_CREDENTIALS = 'Access-Control-Allow-Credentials';
export const ALLOW_METHODS = 'Access-Control-Allow-Methods';
export const ALLOW_HEADERS = 'Access-Control-Allow-Headers';
export const EXPOSE_HEADERS = 'Access-Control-Expose-Headers';
export const MAX_AGE = 'Access-Control-Max-Age';
/** Private Network Access (WICG draft §3.3). */
export const ALLOW_PRIVATE_NETWORK = 'Access-Control-Allow-Private-Network';
