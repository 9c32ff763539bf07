import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { type CreateJoinRequestBody, createJoinRequestBody, type DeclineJoinRequestBody, declineJoinRequestBody } from '@knowledge-hub/shared';
import type { Actor } from '../../common/actor';
import { CurrentUser } from '../../common/current-user.decorator';
import { ZodPipe } from '../../common/zod-body.pipe';
import { JoinRequestsService } from './join-requests.service';

@Controller('api')
export class JoinRequestsController {
  constructor(private readonly requests: JoinRequestsService) {}

  @Post('groups/:slug/join-requests')
  create(@CurrentUser() actor: Actor | null, @Param('slug') slug: string, @Body(new ZodPipe(createJoinRequestBody)) body: CreateJoinRequestBody) {
    return this.requests.create(actor, slug, body);
  }

  @Get('groups/:slug/join-requests')
  listPending(@CurrentUser() actor: Actor | null, @Param('slug') slug: string) {
    return this.requests.listPending(actor, slug);
  }

  @Get('me/join-requests')
  listOwn(@CurrentUser() actor: Actor | null) {
    return this.requests.listOwn(actor);
  }

  @Post('join-requests/:id/approve')
  @HttpCode(200)
  approve(@CurrentUser() actor: Actor | null, @Param('id') id: string) {
    return this.requests.approve(actor, id);
  }

  @Post('join-requests/:id/decline')
  @HttpCode(200)
  decline(@CurrentUser() actor: Actor | null, @Param('id') id: string, @Body(new ZodPipe(declineJoinRequestBody)) body: DeclineJoinRequestBody) {
    return this.requests.decline(actor, id, body);
  }
}
