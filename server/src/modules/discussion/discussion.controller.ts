import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { type CommentBody, commentBody, type CreateThreadBody, createThreadBody } from '@knowledge-hub/shared';
import type { Actor } from '../../common/actor';
import { CurrentUser } from '../../common/current-user.decorator';
import { ZodPipe } from '../../common/zod-body.pipe';
import { DiscussionService } from './discussion.service';

@Controller('api')
export class DiscussionController {
  constructor(private readonly discussion: DiscussionService) {}

  @Get('entries/:id/comments')
  listForEntry(@CurrentUser() actor: Actor | null, @Param('id') id: string) {
    return this.discussion.listForEntry(actor, id);
  }

  @Post('entries/:id/comments')
  startOnEntry(@CurrentUser() actor: Actor | null, @Param('id') id: string, @Body(new ZodPipe(createThreadBody)) body: CreateThreadBody) {
    return this.discussion.startOnEntry(actor, id, body);
  }

  @Get('revisions/:id/comments')
  listForRevision(@CurrentUser() actor: Actor | null, @Param('id') id: string) {
    return this.discussion.listForRevision(actor, id);
  }

  @Post('revisions/:id/comments')
  startOnRevision(@CurrentUser() actor: Actor | null, @Param('id') id: string, @Body(new ZodPipe(createThreadBody)) body: CreateThreadBody) {
    return this.discussion.startOnRevision(actor, id, body);
  }

  @Post('comments/:id/replies')
  reply(@CurrentUser() actor: Actor | null, @Param('id') id: string, @Body(new ZodPipe(commentBody)) body: CommentBody) {
    return this.discussion.reply(actor, id, body);
  }

  @Patch('comments/:id')
  edit(@CurrentUser() actor: Actor | null, @Param('id') id: string, @Body(new ZodPipe(commentBody)) body: CommentBody) {
    return this.discussion.edit(actor, id, body);
  }

  @Delete('comments/:id')
  @HttpCode(204)
  delete(@CurrentUser() actor: Actor | null, @Param('id') id: string) {
    return this.discussion.delete(actor, id);
  }

  @Post('comments/:id/resolve')
  @HttpCode(200)
  resolve(@CurrentUser() actor: Actor | null, @Param('id') id: string) {
    return this.discussion.setResolved(actor, id, true);
  }

  @Post('comments/:id/reopen')
  @HttpCode(200)
  reopen(@CurrentUser() actor: Actor | null, @Param('id') id: string) {
    return this.discussion.setResolved(actor, id, false);
  }
}
