import { Injectable, UnauthorizedException } from '@nestjs/common';
import { AuthGuard } from '@nestjs/passport';

/** passport-jwt guard whose failures say what was wrong (still a 401 envelope). */
@Injectable()
export class JwtAuthGuard extends AuthGuard('jwt') {
  override handleRequest<T>(err: unknown, user: T, info: unknown): T {
    if (user && !err) return user;
    if (err instanceof UnauthorizedException) throw err;
    const reason = info instanceof Error ? info.message : 'No bearer token';
    throw new UnauthorizedException(`Sign in again: the access token is missing or invalid (${reason})`);
  }
}
