import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query, Req } from '@nestjs/common';
import { type AdminUpdateUserBody, type AdminUsersQuery, adminUpdateUserBody, adminUsersQuery } from '@knowledge-hub/shared';
import type { Request } from 'express';
import type { Actor } from '../../common/actor';
import { CurrentUser } from '../../common/current-user.decorator';
import { ZodPipe } from '../../common/zod-body.pipe';
import { AdminService } from './admin.service';

@Controller('api/admin')
export class AdminController {
  constructor(private readonly admin: AdminService) {}

  @Get('users')
  list(@CurrentUser() actor: Actor | null, @Query(new ZodPipe(adminUsersQuery)) query: AdminUsersQuery) {
    return this.admin.listUsers(actor, query);
  }

  @Patch('users/:id')
  @HttpCode(204)
  update(@CurrentUser() actor: Actor | null, @Param('id') id: string, @Body(new ZodPipe(adminUpdateUserBody)) body: AdminUpdateUserBody) {
    return this.admin.updateUser(actor, id, body);
  }

  /** The link's origin is the one the admin reached the API through (what they will paste it into). */
  @Post('users/:id/reset-link')
  @HttpCode(201)
  resetLink(@CurrentUser() actor: Actor | null, @Param('id') id: string, @Req() req: Request) {
    return this.admin.createResetLink(actor, id, `${req.protocol}://${req.get('host')}`);
  }
}
