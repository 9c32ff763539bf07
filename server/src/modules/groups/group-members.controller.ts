import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { type ChangeMemberRoleBody, changeMemberRoleBody, type MembershipBody, membershipBody, removeMembershipBody } from '@knowledge-hub/shared';
import type { Actor } from '../../common/actor';
import { CurrentUser } from '../../common/current-user.decorator';
import { ZodPipe } from '../../common/zod-body.pipe';
import { GroupMembersService } from './group-members.service';

@Controller('api/groups/:slug/members')
export class GroupMembersController {
  constructor(private readonly members: GroupMembersService) {}

  @Get()
  list(@CurrentUser() actor: Actor | null, @Param('slug') slug: string) {
    return this.members.list(actor, slug);
  }

  @Post()
  add(@CurrentUser() actor: Actor | null, @Param('slug') slug: string, @Body(new ZodPipe(membershipBody)) body: MembershipBody) {
    return this.members.add(actor, slug, body);
  }

  @Patch(':userId')
  changeRole(
    @CurrentUser() actor: Actor | null,
    @Param('slug') slug: string,
    @Param('userId') userId: string,
    @Body(new ZodPipe(changeMemberRoleBody)) body: ChangeMemberRoleBody,
  ) {
    return this.members.changeRole(actor, slug, userId, body.role);
  }

  @Delete(':userId')
  @HttpCode(204)
  remove(@CurrentUser() actor: Actor | null, @Param('slug') slug: string, @Param('userId') userId: string) {
    return this.members.removeById(actor, slug, userId);
  }

  /** The older form, by email in the body (scripts use it). */
  @Delete()
  @HttpCode(204)
  removeByEmail(@CurrentUser() actor: Actor | null, @Param('slug') slug: string, @Body(new ZodPipe(removeMembershipBody)) body: { email: string }) {
    return this.members.removeByEmail(actor, slug, body.email);
  }
}
