import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { workspaceSearchQuery, type WorkspaceSearchQuery } from '@knowledge-hub/shared';
import type { Actor } from '../../common/actor';
import { CurrentUser } from '../../common/current-user.decorator';
import { ZodPipe } from '../../common/zod-body.pipe';
import { WorkspaceService } from './workspace.service';

@Controller('api')
export class WorkspaceController {
  constructor(private readonly workspace: WorkspaceService) {}

  @Get('search')
  search(@CurrentUser() actor: Actor | null, @Query(new ZodPipe(workspaceSearchQuery)) query: WorkspaceSearchQuery) {
    return this.workspace.search(actor, query.q);
  }

  @Get('me/entries')
  myEntries(@CurrentUser() actor: Actor | null) {
    return this.workspace.myEntries(actor);
  }

  @Post('entries/:id/archive')
  @HttpCode(200)
  archive(@CurrentUser() actor: Actor | null, @Param('id') id: string) {
    return this.workspace.archive(actor, id);
  }

  @Post('entries/:id/unarchive')
  @HttpCode(200)
  unarchive(@CurrentUser() actor: Actor | null, @Param('id') id: string) {
    return this.workspace.unarchive(actor, id);
  }
}
