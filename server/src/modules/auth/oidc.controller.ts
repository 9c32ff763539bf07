import { Controller, Get, Inject, Logger, Query, Req, Res } from '@nestjs/common';
import { parse as parseCookie } from 'cookie';
import type { Request, Response } from 'express';
import type { Actor } from '../../common/actor';
import { CurrentUser } from '../../common/current-user.decorator';
import { DomainError } from '../../common/domain-error';
import { APP_CONFIG, type AppConfig } from '../../config/config';
import { type OidcErrorPage, renderOidcErrorPage } from './oidc-error-page';
import { OIDC_FLOW_TTL_MS, OidcService } from './oidc.service';
import { SESSION_COOKIE, sessionCookieOptions } from './session-token';

/** The HttpOnly cookie that binds a sign-in in progress to the browser that started it (its value is hashed into oidc_flows). */
const FLOW_COOKIE = 'kh_oidc_flow';
const FLOW_COOKIE_PATH = '/api/auth/oidc';

/**
 * OpenID Connect sign-in. Both flow routes are browser navigations, so they
 * answer with redirects, and with an HTML page (no session cookie) when the
 * sign-in fails; only "not configured" is the API's JSON 404.
 */
@Controller('api/auth')
export class OidcController {
  private readonly logger = new Logger('OidcSignIn');

  constructor(
    private readonly oidc: OidcService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Public: which sign-in buttons the login page shows. */
  @Get('providers')
  providers() {
    return this.oidc.providers();
  }

  /** `?next=<same-site path>&invitation=<token>` → 302 to the provider, with the flow cookie. */
  @Get('oidc/start')
  async start(@CurrentUser() actor: Actor | null, @Query() query: Record<string, unknown>, @Req() req: Request, @Res() res: Response) {
    try {
      const origin = `${req.protocol}://${req.get('host')}`;
      const { authorizationUrl, flowId } = await this.oidc.start(actor, { next: query.next, invitation: query.invitation }, origin);
      res.cookie(FLOW_COOKIE, flowId, {
        httpOnly: true,
        sameSite: 'lax',
        secure: this.config.cookieSecure,
        path: FLOW_COOKIE_PATH,
        maxAge: OIDC_FLOW_TTL_MS,
      });
      res.redirect(302, authorizationUrl);
    } catch (err) {
      this.fail('start', err, res);
    }
  }

  /** The provider sends the browser back here: session cookie and 302 to `next`, or an error page and no session. */
  @Get('oidc/callback')
  async callback(@CurrentUser() actor: Actor | null, @Req() req: Request, @Res() res: Response) {
    res.clearCookie(FLOW_COOKIE, { httpOnly: true, sameSite: 'lax', secure: this.config.cookieSecure, path: FLOW_COOKIE_PATH });
    try {
      const search = new URL(req.originalUrl, 'http://callback.invalid').searchParams;
      const result = await this.oidc.callback(actor, flowIdOf(req), search);
      if (result.sessionToken) res.cookie(SESSION_COOKIE, result.sessionToken, sessionCookieOptions(this.config));
      if (result.invitationError) {
        const err = result.invitationError;
        this.logger.warn(`signed in, but the invitation was refused: ${err.code} (${err.message})`);
        this.page(res, err.statusCode, {
          code: err.code,
          title: 'You are signed in, but the invitation could not be accepted',
          message: err.message,
          link: { href: '/app/', text: 'Continue to Knowledge Hub' },
        });
        return;
      }
      res.redirect(302, result.redirectTo);
    } catch (err) {
      this.fail('callback', err, res);
    }
  }

  private fail(phase: 'start' | 'callback', err: unknown, res: Response): void {
    if (err instanceof DomainError && err.code === 'oidc_not_configured') throw err; // the API's JSON 404
    const known = err instanceof DomainError ? err : null;
    if (known) this.logger.warn(`sign-in ${phase} failed: ${known.code} (${known.message})`);
    else this.logger.error(`sign-in ${phase} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    this.page(res, known?.statusCode ?? 500, {
      code: known?.code ?? 'internal_error',
      title: `Sign-in with ${this.oidc.label ?? 'your identity provider'} failed`,
      message: known?.message ?? 'Something went wrong on the server.',
      link: { href: '/app/login', text: 'Back to sign-in' },
    });
  }

  private page(res: Response, status: number, page: OidcErrorPage): void {
    res.status(status).type('html').send(renderOidcErrorPage(page));
  }
}

/** The flow cookie's value, if it looks like one (base64url, like every token here). */
function flowIdOf(req: Request): string | null {
  const header = req.headers.cookie;
  const value = header ? parseCookie(header, { decode: (raw) => raw })[FLOW_COOKIE] : undefined;
  return value && /^[A-Za-z0-9_-]{10,200}$/.test(value) ? value : null;
}
