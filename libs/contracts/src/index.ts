export { ok, fail, isApiEnvelope } from './lib/api-envelope';
export type { ApiEnvelope } from './lib/api-envelope';
export { REFRESH_COOKIE_NAME } from './lib/user.contract';
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
export { envelopeClientErrorHandler } from './lib/client-error.handler';
export { REQUEST_ID_HEADER, requestIdFrom } from './lib/request-id';
