/**
 * Request and response bodies of user-service, reached through the gateway
 * under `/users` (DESIGN.md "The API contract"). Keep the field names exact:
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

/** A new access/refresh token pair. */
export interface TokenPair {
  AccessToken: string;
  RefreshToken: string;
  /** Access token lifetime in seconds. */
  ExpiresIn: number;
  TokenType: 'Bearer';
}

/** Login and refresh `Data`: the token pair plus the user's public fields. */
export type LoginData = TokenPair & PublicUser;

/** Name of the HttpOnly cookie that carries the refresh token (issue 7). */
export const REFRESH_COOKIE_NAME = 'refresh_token';
