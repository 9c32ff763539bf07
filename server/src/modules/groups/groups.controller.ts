import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { membershipBody, removeMembershipBody, type MembershipBody } from '@knowledge-hub/shared';
import type { Actor } from '../../common/actor';
import { CurrentUser } from '../../common/current-user.decorator';
import { ZodPipe } from '../../common/zod-body.pipe';
import { GroupsService } from './groups.service';

@Controller('api/groups')
export class GroupsController {
  constructor(private readonly groups: GroupsService) {}

  @Get()
  list() {
    return this.groups.list();
  }

  @Get(':slug')
  get(@CurrentUser() actor: Actor | null, @Param('slug') slug: string) {
    return this.groups.get(actor, slug);
  }

  @Post(':slug/members')
  addMember(@CurrentUser() actor: Actor | null, @Param('slug') slug: string, @Body(new ZodPipe(membershipBody)) body: MembershipBody) {
    return this.groups.addMember(actor, slug, body);
  }

  @Delete(':slug/members')
  @HttpCode(204)
  removeMember(@CurrentUser() actor: Actor | null, @Param('slug') slug: string, @Body(new ZodPipe(removeMembershipBody)) body: { email: string }) {
    return this.groups.removeMember(actor, slug, body.email);
  }
}
