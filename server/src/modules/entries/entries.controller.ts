import { Body, Controller, Get, Param, Post } from '@nestjs/common';
import { createEntryBody, type CreateEntryBody } from '@knowledge-hub/shared';
import type { Actor } from '../../common/actor';
import { CurrentUser } from '../../common/current-user.decorator';
import { ZodPipe } from '../../common/zod-body.pipe';
import { EntriesService } from './entries.service';

@Controller('api')
export class EntriesController {
  constructor(private readonly entries: EntriesService) {}

  @Post('groups/:slug/entries')
  create(@CurrentUser() actor: Actor | null, @Param('slug') slug: string, @Body(new ZodPipe(createEntryBody)) body: CreateEntryBody) {
    return this.entries.create(actor, slug, body);
  }

  @Get('groups/:slug/entries')
  list(@CurrentUser() actor: Actor | null, @Param('slug') slug: string) {
    return this.entries.listInGroup(actor, slug);
  }

  @Get('entries/:id')
  get(@CurrentUser() actor: Actor | null, @Param('id') id: string) {
    return this.entries.get(actor, id);
  }
}
