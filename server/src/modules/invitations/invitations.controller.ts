import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { acceptInvitationBody, createInvitationBody, type AcceptInvitationBody, type CreateInvitationBody } from '@knowledge-hub/shared';
import type { Actor } from '../../common/actor';
import { CurrentUser } from '../../common/current-user.decorator';
import { ZodPipe } from '../../common/zod-body.pipe';
import { APP_CONFIG, type AppConfig } from '../../config/config';
import { SESSION_COOKIE, sessionCookieOptions } from '../auth/session-token';
import { InvitationsService } from './invitations.service';

@Controller('api/invitations')
export class InvitationsController {
  constructor(
    private readonly invitations: InvitationsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Post()
  create(@CurrentUser() actor: Actor | null, @Body(new ZodPipe(createInvitationBody)) body: CreateInvitationBody, @Req() req: Request) {
    return this.invitations.create(actor, body, `${req.protocol}://${req.get('host')}`);
  }

  @Get()
  list(@CurrentUser() actor: Actor | null) {
    return this.invitations.listOwn(actor);
  }

  @Delete(':id')
  @HttpCode(204)
  revoke(@CurrentUser() actor: Actor | null, @Param('id') id: string) {
    return this.invitations.revoke(actor, id);
  }

  @Get('by-token/:token')
  preview(@Param('token') token: string) {
    return this.invitations.preview(token);
  }

  /** A signed-in person joins with the account they are signed in as (no new account, no password asked). */
  @Post('by-token/:token/join')
  join(@CurrentUser() actor: Actor | null, @Param('token') token: string) {
    return this.invitations.join(actor, token);
  }

  /** Signs the new account in like POST /api/auth/login: same cookie, same attributes (and the CSRF rule of every POST). */
  @Post('by-token/:token/accept')
  async accept(
    @CurrentUser() actor: Actor | null,
    @Param('token') token: string,
    @Body(new ZodPipe(acceptInvitationBody)) body: AcceptInvitationBody,
    @Res({ passthrough: true }) res: Response,
  ) {
    const result = await this.invitations.accept(actor, token, body);
    if (result.token) {
      res.cookie(SESSION_COOKIE, result.token, sessionCookieOptions(this.config));
    }
    return result;
  }
}
