import { REFRESH_COOKIE_NAME, SECURE_REFRESH_COOKIE_NAME } from '@corsway/contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiException } from '../http/api.exception';

/**
 * The refresh token cookie (RFC 9700 §4.14; OWASP Session Management Cheat Sheet):
 * - HttpOnly: page script (and so any XSS) cannot read it.
 * - SameSite=Strict: other sites cannot make the browser send it.
 * - Path = the narrowest path the browser posts refresh/logout to
 *   (`REFRESH_COOKIE_PATH`, default the gateway's `/users/user`), so no
 *   other path or app on the host (e.g. the web app on another port of
 *   localhost: cookies do not isolate by port) ever receives it.
 * - Over https (directly or, from a trusted proxy, X-Forwarded-Proto):
 *   Secure and the `__Secure-` name, which a browser accepts only from a
 *   secure origin, so an http page on the same host cannot plant one.
 *   `__Host-` would also pin the host but requires `Path=/`, which would send
 *   the token to every path of the host: the narrow path is worth more here.
 */
export function refreshCookieName(request: FastifyRequest): string {
  return request.protocol === 'https' ? SECURE_REFRESH_COOKIE_NAME : REFRESH_COOKIE_NAME;
}

export function setRefreshCookie(
  request: FastifyRequest,
  reply: FastifyReply,
  path: string,
  token: string,
  maxAgeSeconds: number,
): void {
  reply.setCookie(refreshCookieName(request), token, {
    httpOnly: true,
    sameSite: 'strict',
    path,
    secure: request.protocol === 'https',
    maxAge: maxAgeSeconds,
  });
}

export function clearRefreshCookie(request: FastifyRequest, reply: FastifyReply, path: string): void {
  reply.clearCookie(refreshCookieName(request), {
    httpOnly: true,
    sameSite: 'strict',
    path,
    secure: request.protocol === 'https',
  });
}

/**
 * The refresh token from the cookie, read from the raw Cookie header: a
 * request with two cookies of that name (a sibling page on the same host
 * can add one for a wider path, and browsers send both) is refused with 400
 * rather than guessing which one is the caller's.
 */
export function refreshTokenFromCookie(request: FastifyRequest): string | undefined {
  const name = refreshCookieName(request);
  const header = request.headers.cookie ?? '';
  const values = header
    .split(';')
    .map((pair) => pair.trim())
    .filter((pair) => pair.includes('=') && pair.slice(0, pair.indexOf('=')).trim() === name)
    .map((pair) => decodeValue(pair.slice(pair.indexOf('=') + 1).trim()));
  if (values.length > 1) {
    throw new ApiException(
      400,
      `The request carries ${values.length} ${name} cookies; send exactly one. Clear this site's cookies and sign in again.`,
      { [name]: ['exactly one refresh cookie is allowed'] },
    );
  }
  return values[0] || undefined;
}

/** The token from the body if given, else from the cookie; `fromCookie` says which. */
export function presentedRefreshToken(
  request: FastifyRequest,
  fromBody: string | undefined,
): { token: string; fromCookie: boolean } | undefined {
  const cookie = refreshTokenFromCookie(request); // always checked: two cookies are refused even with a body token
  if (fromBody !== undefined) return { token: fromBody, fromCookie: false };
  return cookie ? { token: cookie, fromCookie: true } : undefined;
}

function decodeValue(value: string): string {
  const unquoted = value.startsWith('"') && value.endsWith('"') ? value.slice(1, -1) : value;
  try {
    return decodeURIComponent(unquoted);
  } catch {
    return unquoted;
  }
}
