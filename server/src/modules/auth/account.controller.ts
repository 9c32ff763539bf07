import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Req } from '@nestjs/common';
import {
  type ChangePasswordBody,
  type CreateTokenBody,
  changePasswordBody,
  createTokenBody,
  type ResetPasswordBody,
  resetPasswordBody,
  type UpdateMeBody,
  updateMeBody,
} from '@knowledge-hub/shared';
import type { Request } from 'express';
import type { Actor } from '../../common/actor';
import { CurrentUser } from '../../common/current-user.decorator';
import { ZodPipe } from '../../common/zod-body.pipe';
import { AccountService } from './account.service';
import { extractToken } from './session-token';

/** One's own account: /api/me and its personal API tokens, and using a password-reset link. */
@Controller('api')
export class AccountController {
  constructor(private readonly accounts: AccountService) {}

  @Get('me')
  me(@CurrentUser() actor: Actor | null) {
    return this.accounts.me(actor);
  }

  @Patch('me')
  updateMe(@CurrentUser() actor: Actor | null, @Body(new ZodPipe(updateMeBody)) body: UpdateMeBody) {
    return this.accounts.updateMe(actor, body);
  }

  @Post('me/password')
  @HttpCode(204)
  changePassword(@CurrentUser() actor: Actor | null, @Body(new ZodPipe(changePasswordBody)) body: ChangePasswordBody, @Req() req: Request) {
    return this.accounts.changePassword(actor, body, extractToken({ authorization: req.headers.authorization, cookie: req.headers.cookie }));
  }

  @Post('me/tokens')
  createToken(@CurrentUser() actor: Actor | null, @Body(new ZodPipe(createTokenBody)) body: CreateTokenBody) {
    return this.accounts.createToken(actor, body);
  }

  @Get('me/tokens')
  listTokens(@CurrentUser() actor: Actor | null) {
    return this.accounts.listTokens(actor);
  }

  @Delete('me/tokens/:id')
  @HttpCode(204)
  revokeToken(@CurrentUser() actor: Actor | null, @Param('id') id: string) {
    return this.accounts.revokeToken(actor, id);
  }

  @Post('auth/reset')
  @HttpCode(204)
  resetPassword(@Body(new ZodPipe(resetPasswordBody)) body: ResetPasswordBody) {
    return this.accounts.resetPassword(body);
  }
}
