import { ok, type ApiEnvelope, type LoginData, type PublicUser } from '@corsway/contracts';
import {
  Body,
  Controller,
  Get,
  HttpCode,
  Inject,
  Logger,
  Post,
  Req,
  Res,
  UseGuards,
  UseInterceptors,
} from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AccountsService, toPublicUser } from '../accounts/accounts.service';
import { LoginGuardrails } from '../accounts/login-guardrails.service';
import { withLoginOutcome } from '../accounts/login-outcome';
import { USER_SERVICE_CONFIG } from '../config/config.tokens';
import type { UserServiceConfig } from '../config/user-service.config';
import { ApiEnvelopeResponse as Returns, LoginDataSchema, PublicUserSchema } from '../http/api-envelope.openapi';
import { ApiException, tooManyRequests } from '../http/api.exception';
import { ClientIp } from '../http/client-ip.decorator';
import { LoginMetricsInterceptor } from '../metrics/login-metrics.interceptor';
import {
  USER_REPOSITORY,
  type ClientRecord,
  type UserRecord,
  type UserRepository,
} from '../persistence/user.repository';
import { AccessTokenService } from '../tokens/access-token.service';
import { JwtAuthGuard } from '../tokens/jwt-auth.guard';
import type { AccessTokenClaims } from '../tokens/jwt.strategy';
import { RefreshTokenService } from '../tokens/refresh-token.service';
import { LoginDto } from './dto/login.dto';
import { LogoutDto } from './dto/logout.dto';
import { RefreshDto } from './dto/refresh.dto';
import { RegisterDto } from './dto/register.dto';
import { clearRefreshCookie, presentedRefreshToken, refreshTokenFromCookie, setRefreshCookie } from './refresh-cookie';

const REFRESH_FAILED = 'The refresh token is invalid, expired or revoked. Sign in again.';

@ApiTags('user')
@Returns(400, 'Invalid body; Errors maps each field to its messages')
@Controller('user')
export class UserController {
  private readonly audit = new Logger('Audit');

  constructor(
    private readonly accounts: AccountsService,
    private readonly guardrails: LoginGuardrails,
    private readonly accessTokens: AccessTokenService,
    private readonly refreshTokens: RefreshTokenService,
    @Inject(USER_REPOSITORY) private readonly repo: UserRepository,
    @Inject(USER_SERVICE_CONFIG) private readonly config: UserServiceConfig,
  ) {}

  @Post('register')
  @HttpCode(201)
  @Returns(201, 'The new account public profile', PublicUserSchema)
  @Returns(409, 'Email or user name already taken (case-insensitive)')
  @Returns(429, 'Too many requests from this IP (Retry-After)')
  async register(@Body() body: RegisterDto, @ClientIp() ip: string): Promise<ApiEnvelope<PublicUser>> {
    await this.throttleIp(ip);
    const user = await this.accounts.register(
      {
        email: body.Email,
        userName: body.UserName,
        password: body.Password,
        displayName: body.DisplayName,
      },
      ip,
    );
    return ok(user, 'Account created. You can sign in now.');
  }

  @Post('login')
  @HttpCode(200)
  @Returns(
    200,
    'Access token and public profile; the refresh token in the HttpOnly cookie, and in the body only for non-browser clients',
    LoginDataSchema,
  )
  @Returns(401, 'Wrong email/user name or password (one message for both)')
  @Returns(403, 'Unknown client, or sign-in temporarily locked (Retry-After)')
  @Returns(429, 'Throttled (Retry-After)')
  @Returns(503, 'Too many passwords being checked right now (Retry-After)')
  @UseInterceptors(LoginMetricsInterceptor)
  async login(
    @Body() body: LoginDto,
    @ClientIp() ip: string,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ApiEnvelope<LoginData>> {
    await this.throttleIp(ip);
    const client = await this.repo.findClient(body.ClientId);
    if (!client)
      throw withLoginOutcome(
        new ApiException(403, `Unknown client "${body.ClientId}". Use a registered ClientId such as "web".`),
        'invalid_request',
      );
    const user = await this.accounts.authenticate(body.EmailOrUserName, body.Password, client.id, ip);
    const refreshToken = await this.refreshTokens.issue(user.id, client.id);
    return ok(this.tokens(user, client, refreshToken, request, reply), 'Signed in.');
  }

  @Post('refresh')
  @HttpCode(200)
  @Returns(200, 'A new token pair; the presented refresh token is consumed', LoginDataSchema)
  @Returns(
    401,
    'Invalid, expired, revoked or reused refresh token (reuse revokes the family; a parallel duplicate within the leeway does not)',
  )
  async refresh(
    @Body() body: RefreshDto,
    @ClientIp() ip: string,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ApiEnvelope<LoginData>> {
    await this.throttleIp(ip);
    const presented = presentedRefreshToken(request, body.RefreshToken);
    if (!presented) {
      throw new ApiException(400, 'No refresh token: send RefreshToken in the body or the refresh_token cookie.', {
        RefreshToken: ['RefreshToken is required (body or cookie)'],
      });
    }
    const outcome = await this.refreshTokens.rotate(presented.token, body.ClientId);
    const user = outcome.ok ? await this.repo.findUserById(outcome.userId) : null;
    const client = outcome.ok ? await this.repo.findClient(outcome.clientId) : null;
    if (!outcome.ok || !user || !client) {
      // Clear only the cookie that failed: a token sent in the body says nothing about the caller's
      // cookie, and a lost race must not clear the cookie the winner (same browser) just set.
      if (presented.fromCookie && (outcome.ok || outcome.reason !== 'raced'))
        clearRefreshCookie(request, reply, this.config.refreshCookiePath);
      throw new ApiException(401, REFRESH_FAILED);
    }
    return ok(this.tokens(user, client, outcome.token, request, reply), 'Token refreshed.');
  }

  @Post('logout')
  @HttpCode(200)
  @Returns(200, 'The refresh token family is revoked and the cookie cleared (idempotent; no cookie, no Set-Cookie)')
  async logout(
    @Body() body: LogoutDto,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ApiEnvelope<null>> {
    const presented = presentedRefreshToken(request, body.RefreshToken);
    const revoked = presented ? await this.refreshTokens.revokeFamilyOf(presented.token) : null;
    if (revoked) this.audit.log({ audit: 'logout', userId: revoked.userId, revoked: revoked.revoked }, 'Signed out');
    // Only a cookie that was presented is cleared: a request without one (a forged form post, another
    // app's fetch) must not be able to wipe the caller's session cookie.
    if (presented?.fromCookie) clearRefreshCookie(request, reply, this.config.refreshCookiePath);
    return ok(null, 'Signed out.');
  }

  @Post('logout-all')
  @HttpCode(200)
  @UseGuards(JwtAuthGuard)
  @ApiBearerAuth()
  @Returns(200, 'Every refresh token of the user is revoked (all devices); Data = {Revoked: n}')
  @Returns(401, 'Missing or invalid access token')
  async logoutAll(
    @Req() request: FastifyRequest & { user: AccessTokenClaims },
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const hadCookie = refreshTokenFromCookie(request) !== undefined;
    const revoked = await this.refreshTokens.revokeAllOf(request.user.sub);
    this.audit.log({ audit: 'logout.all', userId: request.user.sub, revoked }, 'Signed out everywhere');
    if (hadCookie) clearRefreshCookie(request, reply, this.config.refreshCookiePath);
    return ok({ Revoked: revoked }, 'Signed out on every device.');
  }

  @Get('me')
  @UseGuards(JwtAuthGuard)
  @ApiBearerAuth()
  @Returns(200, 'The signed-in user public profile', PublicUserSchema)
  @Returns(401, 'Missing or invalid access token')
  async me(@Req() request: FastifyRequest & { user: AccessTokenClaims }): Promise<ApiEnvelope<PublicUser>> {
    const user = await this.accounts.findById(request.user.sub);
    if (!user) throw new ApiException(401, 'The account of this access token no longer exists. Sign in again.');
    return ok(toPublicUser(user));
  }

  private async throttleIp(ip: string): Promise<void> {
    const wait = await this.guardrails.throttleIp(ip);
    if (wait) throw withLoginOutcome(tooManyRequests(wait, 'requests from this address'), 'throttled');
  }

  /**
   * A browser client gets the refresh token only in the HttpOnly cookie: in the JSON body, page
   * script could read it, and any XSS would become a 30-day token theft. Other clients (native,
   * CLI) have no cookie jar worth the name and keep it in the body.
   */
  private tokens(
    user: UserRecord,
    client: ClientRecord,
    refreshToken: string,
    request: FastifyRequest,
    reply: FastifyReply,
  ): LoginData {
    const access = this.accessTokens.issue(user.id);
    setRefreshCookie(request, reply, this.config.refreshCookiePath, refreshToken, this.config.refreshAbsoluteSeconds);
    return {
      AccessToken: access.token,
      ...(client.browser ? {} : { RefreshToken: refreshToken }),
      ExpiresIn: access.expiresIn,
      TokenType: 'Bearer',
      ...toPublicUser(user),
    };
  }
}
