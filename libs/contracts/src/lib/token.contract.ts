/**
 * Claims user-service puts in every access token and the gateway checks
 * (RFC 8725 §3.8/§3.9: always validate issuer and audience).
 */
export const ACCESS_TOKEN_ISSUER = 'corsway-user-service';
export const ACCESS_TOKEN_AUDIENCE = 'corsway-api';
/** RFC 9068 access-token media type, carried in the JOSE `typ` header. */
export const ACCESS_TOKEN_TYPE = 'at+jwt';
