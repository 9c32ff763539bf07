import { Body, Controller, Get, HttpCode, Inject, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { loginBody, type LoginBody } from '@knowledge-hub/shared';
import type { Actor } from '../../common/actor';
import { CurrentUser } from '../../common/current-user.decorator';
import { ZodPipe } from '../../common/zod-body.pipe';
import { APP_CONFIG, type AppConfig } from '../../config/config';
import { AuthService } from './auth.service';
import { extractToken, SESSION_COOKIE, sessionCookieOptions } from './session-token';

@Controller('api/auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Post('login')
  @HttpCode(200)
  async login(@Body(new ZodPipe(loginBody)) body: LoginBody, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    const result = await this.auth.login(body, req.ip ?? req.socket.remoteAddress ?? 'unknown');
    res.cookie(SESSION_COOKIE, result.token, sessionCookieOptions(this.config));
    return result;
  }

  @Post('logout')
  @HttpCode(204)
  async logout(@Req() req: Request, @Res({ passthrough: true }) res: Response) {
    await this.auth.logout(extractToken({ authorization: req.headers.authorization, cookie: req.headers.cookie }));
    res.clearCookie(SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'lax', secure: this.config.cookieSecure });
  }

  @Get('me')
  me(@CurrentUser() actor: Actor | null) {
    return this.auth.me(actor);
  }

  @Get('session')
  session(@CurrentUser() actor: Actor | null) {
    return this.auth.session(actor);
  }
}
