import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { DomainError } from '../../common/domain-error';
import {
  publishedQuery,
  type PublishedQuery,
  approveBody,
  auditQuery,
  type AuditQuery,
  decisionWithNoteBody,
  optionalNoteBody,
  restoreBody,
  type ApproveBody,
  type DecisionWithNoteBody,
  type OptionalNoteBody,
  type RestoreBody,
  submitRevisionBody,
  type SubmitRevisionBody,
} from '@knowledge-hub/shared';
import type { Actor } from '../../common/actor';
import { CurrentUser } from '../../common/current-user.decorator';
import { ZodPipe } from '../../common/zod-body.pipe';
import { PublicationService } from './publication.service';
import { HubAuditService } from './hub-audit.service';
import { ReviewQueueService } from './review-queue.service';
import { ReviewsService } from './reviews.service';
import { RevisionsService } from './revisions.service';

@Controller('api')
export class ModerationController {
  constructor(
    private readonly revisions: RevisionsService,
    private readonly reviews: ReviewsService,
    private readonly publication: PublicationService,
    private readonly queue: ReviewQueueService,
    private readonly hubAudit: HubAuditService,
  ) {}

  @Post('entries/:id/revisions')
  submit(@CurrentUser() actor: Actor | null, @Param('id') id: string, @Body(new ZodPipe(submitRevisionBody)) body: SubmitRevisionBody) {
    return this.revisions.submit(actor, id, body.note ?? '');
  }

  @Get('entries/:id/revisions')
  list(@CurrentUser() actor: Actor | null, @Param('id') id: string) {
    return this.revisions.listForEntry(actor, id);
  }

  @Get('entries/:id/published')
  async published(
    @CurrentUser() actor: Actor | null,
    @Param('id') id: string,
    @Query(new ZodPipe(publishedQuery)) query: PublishedQuery,
    @Res({ passthrough: true }) res: Response,
  ) {
    const published = await this.revisions.published(actor, id);
    if (published) return published;
    if (!query.optional) throw new DomainError('not_published', 'This entry has no published revision');
    // Asked for alongside the entry (before it is known whether anything is published): nothing is an answer.
    res.status(204);
    return undefined;
  }

  @Post('entries/:id/unpublish')
  @HttpCode(200)
  unpublish(@CurrentUser() actor: Actor | null, @Param('id') id: string, @Body(new ZodPipe(optionalNoteBody)) body: OptionalNoteBody) {
    return this.publication.unpublish(actor, id, body.note ?? '');
  }

  @Get('review/queue')
  reviewQueue(@CurrentUser() actor: Actor | null) {
    return this.queue.queue(actor);
  }

  @Get('revisions/:id')
  detail(@CurrentUser() actor: Actor | null, @Param('id') id: string) {
    return this.revisions.detail(actor, id);
  }

  @Post('revisions/:id/approve')
  @HttpCode(200)
  approve(@CurrentUser() actor: Actor | null, @Param('id') id: string, @Body(new ZodPipe(approveBody)) body: ApproveBody) {
    return this.reviews.approve(actor, id, body);
  }

  @Post('revisions/:id/request-changes')
  @HttpCode(200)
  requestChanges(@CurrentUser() actor: Actor | null, @Param('id') id: string, @Body(new ZodPipe(decisionWithNoteBody)) body: DecisionWithNoteBody) {
    return this.reviews.requestChanges(actor, id, body.note);
  }

  @Post('revisions/:id/reject')
  @HttpCode(200)
  reject(@CurrentUser() actor: Actor | null, @Param('id') id: string, @Body(new ZodPipe(decisionWithNoteBody)) body: DecisionWithNoteBody) {
    return this.reviews.reject(actor, id, body.note);
  }

  @Post('revisions/:id/restore')
  @HttpCode(204)
  restore(@CurrentUser() actor: Actor | null, @Param('id') id: string, @Body(new ZodPipe(restoreBody)) body: RestoreBody) {
    return this.publication.restore(actor, id, body);
  }

  /**
   * With `entryId`: that entry's log, for its group's moderators (an array, as
   * before). Without: the hub-wide log of people and reviews for admins, by
   * `kind`, paged (`{items, next}`).
   */
  @Get('audit')
  auditLog(@CurrentUser() actor: Actor | null, @Query(new ZodPipe(auditQuery)) query: AuditQuery) {
    return query.entryId ? this.queue.auditLog(actor, query.entryId) : this.hubAudit.page(actor, query);
  }
}
