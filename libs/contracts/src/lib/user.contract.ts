/**
 * Request and response bodies of user-service, reached through the gateway
 * under `/users` (README.md "The API contract"). Keep the field names exact:
 * the seed's clients send and read them.
 */

/** `POST /user/login` body. */
export interface LoginRequest {
  EmailOrUserName: string;
  Password: string;
  ClientId: string;
}

/** `POST /user/register` body. */
export interface RegisterRequest {
  Email: string;
  UserName: string;
  Password: string;
  DisplayName?: string;
}

/** `POST /user/refresh` body; the refresh token may come from the cookie instead. */
export interface RefreshRequest {
  RefreshToken?: string;
  ClientId: string;
}

/** `POST /user/logout` body; the refresh token may come from the cookie instead. */
export interface LogoutRequest {
  RefreshToken?: string;
}

/** The user's public fields (`GET /user/me`, register's `Data`). */
export interface PublicUser {
  Id: string;
  Email: string;
  UserName: string;
  DisplayName: string;
}

/**
 * A new access/refresh token pair. `RefreshToken` is in the body only for
 * non-browser clients; a browser client (`web`) gets it only in the HttpOnly
 * cookie, so page script (and any XSS) can never read it.
 */
export interface TokenPair {
  AccessToken: string;
  RefreshToken?: string;
  /** Access token lifetime in seconds. */
  ExpiresIn: number;
  TokenType: 'Bearer';
}

/** Login and refresh `Data`: the token pair plus the user's public fields. */
export type LoginData = TokenPair & PublicUser;

/** Name of the HttpOnly cookie that carries the refresh token over plain http (local development). */
export const REFRESH_COOKIE_NAME = 'refresh_token';
/**
 * Its name over https: the `__Secure-` prefix makes the browser refuse the
 * cookie unless it is `Secure` and set from a secure origin, so an http page
 * on the same host cannot plant or overwrite it (RFC 6265bis §4.1.3.1).
 * Not `__Host-`: that prefix requires `Path=/`, and the cookie's path is
 * narrowed to the refresh endpoints so no other app on the host receives it.
 */
export const SECURE_REFRESH_COOKIE_NAME = '__Secure-refresh_token';
