import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import type { RequestWithActor } from '../../common/current-user.decorator';
import { DomainError } from '../../common/domain-error';
import { AuthService } from './auth.service';
import { extractToken } from './session-token';

/** Methods a read-scoped personal token may use: everything else changes state. */
const READ_METHODS = new Set(['GET', 'HEAD']);

/**
 * What no personal token may change, whatever its scope: minting or revoking
 * tokens, the password, and the admin's powers over accounts. A leaked token
 * must not be able to make itself permanent (more tokens) or lock its owner
 * out; those need a signed-in session.
 */
const SESSION_ONLY = /^\/api\/(me\/tokens|me\/password|admin)(\/|$)/;

/**
 * Global guard: resolves the caller (cookie, session token or personal API
 * token) into `req.actor` and lets the request through. Each use case then
 * authorises through its policy, so anonymous access is decided per action,
 * not per route prefix. The exceptions are decided here, for every route at
 * once: a read-scoped personal token may not change anything (403
 * insufficient_scope on any method but GET and HEAD), and no personal token
 * may change what SESSION_ONLY covers.
 */
@Injectable()
export class SessionGuard implements CanActivate {
  constructor(private readonly auth: AuthService) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    if (ctx.getType() !== 'http') return true;
    const req = ctx.switchToHttp().getRequest<RequestWithActor>();
    const verified = await this.auth.verifyRequest(extractToken({ authorization: req.headers.authorization, cookie: req.headers.cookie }));
    if (verified && verified.credential !== 'session' && !READ_METHODS.has(req.method)) {
      if (verified.credential === 'read') {
        throw new DomainError('insufficient_scope', 'This token may only read: create a write-scoped token to change anything');
      }
      if (SESSION_ONLY.test(req.path)) {
        throw new DomainError('insufficient_scope', 'API tokens cannot manage tokens, passwords or accounts: sign in to do that');
      }
    }
    req.actor = verified?.actor ?? null;
    return true;
  }
}
