import { Body, Controller, Get, Param, Patch, Post } from '@nestjs/common';
import { type CreateGroupBody, createGroupBody, type UpdateGroupBody, updateGroupBody } from '@knowledge-hub/shared';
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

  @Post()
  create(@CurrentUser() actor: Actor | null, @Body(new ZodPipe(createGroupBody)) body: CreateGroupBody) {
    return this.groups.create(actor, body);
  }

  @Get(':slug')
  get(@CurrentUser() actor: Actor | null, @Param('slug') slug: string) {
    return this.groups.get(actor, slug);
  }

  @Patch(':slug')
  update(@CurrentUser() actor: Actor | null, @Param('slug') slug: string, @Body(new ZodPipe(updateGroupBody)) body: UpdateGroupBody) {
    return this.groups.update(actor, slug, body);
  }
}
