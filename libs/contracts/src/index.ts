export { ok, fail, isApiEnvelope } from './lib/api-envelope';
export type { ApiEnvelope } from './lib/api-envelope';
export { REFRESH_COOKIE_NAME, SECURE_REFRESH_COOKIE_NAME } from './lib/user.contract';
export type {
  LoginRequest,
  RegisterRequest,
  RefreshRequest,
  LogoutRequest,
  PublicUser,
  TokenPair,
  LoginData,
} from './lib/user.contract';
export { ACCESS_TOKEN_ISSUER, ACCESS_TOKEN_AUDIENCE, ACCESS_TOKEN_TYPE } from './lib/token.contract';
export {
  envelopeClientErrorHandler,
  refuseConnectRequests,
  refuseUnsupportedExpectations,
  unsupportedExpectation,
  type RefusalBody,
} from './lib/client-error.handler';
export { limitSlowClients, SMALL_REQUEST_LIMITS, type SlowClientLimits } from './lib/slow-clients';
export { limitSlowReaders, type SlowReaderLimit } from './lib/slow-readers';
export { REQUEST_ID_HEADER, requestIdFrom } from './lib/request-id';
export {
  PASSWORD_MIN_LENGTH,
  PASSWORD_MAX_LENGTH,
  PASSWORD_RULE_HINT,
  COMMON_PASSWORDS,
  passwordProblems,
} from './lib/password.rule';
export type { PasswordContext } from './lib/password.rule';
export { isJsonMediaType, jsonNestingDepth, jsonTooDeepMessage, MAX_JSON_DEPTH } from './lib/json-depth';
export { jsonTooManyValuesMessage, jsonValueCount, MAX_JSON_VALUES } from './lib/json-values';
export { scanJson, type JsonShape } from './lib/json-scan';
export { clientKey, IPV6_CLIENT_PREFIX, plainAddress } from './lib/client-key';
