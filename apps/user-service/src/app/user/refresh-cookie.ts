import { REFRESH_COOKIE_NAME } from '@corsway/contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * The refresh token cookie (team brief; RFC 9700 §4.14 / OWASP Session
 * Management): HttpOnly so scripts cannot read it, SameSite=Strict so other
 * sites cannot send it, Secure whenever the request came over https
 * (directly or, from a trusted proxy, X-Forwarded-Proto).
 */
export function setRefreshCookie(
  request: FastifyRequest,
  reply: FastifyReply,
  token: string,
  maxAgeSeconds: number,
): void {
  reply.setCookie(REFRESH_COOKIE_NAME, token, {
    httpOnly: true,
    sameSite: 'strict',
    path: '/',
    secure: request.protocol === 'https',
    maxAge: maxAgeSeconds,
  });
}

export function clearRefreshCookie(request: FastifyRequest, reply: FastifyReply): void {
  reply.clearCookie(REFRESH_COOKIE_NAME, {
    httpOnly: true,
    sameSite: 'strict',
    path: '/',
    secure: request.protocol === 'https',
  });
}

/** The token from the body if given, else from the cookie. */
export function presentedRefreshToken(request: FastifyRequest, fromBody: string | undefined): string | undefined {
  return fromBody ?? request.cookies?.[REFRESH_COOKIE_NAME] ?? undefined;
}
