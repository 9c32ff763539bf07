import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import type { RequestWithActor } from '../../common/current-user.decorator';
import { AuthService } from './auth.service';
import { extractToken } from './session-token';

/**
 * Global guard: resolves the caller (cookie or bearer token) into `req.actor`
 * and lets the request through. Each use case then authorises through its
 * policy, so anonymous access is decided per action, not per route prefix.
 */
@Injectable()
export class SessionGuard implements CanActivate {
  constructor(private readonly auth: AuthService) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    if (ctx.getType() !== 'http') return true;
    const req = ctx.switchToHttp().getRequest<RequestWithActor>();
    req.actor = await this.auth.verify(extractToken({ authorization: req.headers.authorization, cookie: req.headers.cookie }));
    return true;
  }
}
