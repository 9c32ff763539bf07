import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { ApproveBody, QueueItemDto, ReportDto } from '@knowledge-hub/shared';
import type { Actor } from '../../common/actor';
import { ReviewDecisions } from '../moderation/review-decisions.service';
import { ReviewKinds } from '../moderation/review-kinds.service';
import type { ReviewableKind, ReviewDecision, ReviewTarget } from '../moderation/reviewable-kind';
import { UserRefs } from '../moderation/user-refs';
import { ReviewNotifier } from '../realtime/review-notifier.service';
import { ReportPublicEvents } from './report-public-events.service';
import { reviewStatusOf } from './reports.policy';
import { toReportQueueItem } from './reports.presenter';
import { type ReportRow, ReportsRepository } from './reports.repository';
import { ReportsService } from './reports.service';

/**
 * Reports as a reviewable kind: the third adapter of the one review (same
 * queue, four-eyes rule and audit log as entry revisions and dataset
 * versions). Its authors are whoever made it and whoever uploaded its media.
 * An approval makes it public (/r/<slug>, /reports, the podcast feed).
 */
@Injectable()
export class ReportReviewsService implements ReviewableKind<ReportRow, ReportDto>, OnModuleInit {
  readonly kind = 'report' as const;
  readonly noun = 'report';
  readonly notFoundCode = 'report_not_found' as const;

  constructor(
    private readonly decisions: ReviewDecisions,
    private readonly kinds: ReviewKinds,
    private readonly reports: ReportsRepository,
    private readonly service: ReportsService,
    private readonly refs: UserRefs,
    private readonly notifier: ReviewNotifier,
    private readonly publicEvents: ReportPublicEvents,
  ) {}

  onModuleInit(): void {
    this.kinds.register(this);
  }

  approve(actor: Actor | null, id: string, body: ApproveBody): Promise<ReportDto> {
    return this.decisions.decide(this, actor, id, { action: 'approve', status: 'approved', audit: 'approved', note: body.note ?? '', override: body.override });
  }

  requestChanges(actor: Actor | null, id: string, note: string): Promise<ReportDto> {
    return this.decisions.decide(this, actor, id, { action: 'request_changes', status: 'changes_requested', audit: 'changes_requested', note });
  }

  reject(actor: Actor | null, id: string, note: string): Promise<ReportDto> {
    return this.decisions.decide(this, actor, id, { action: 'reject', status: 'rejected', audit: 'rejected', note });
  }

  find(id: string): Promise<ReportRow | null> {
    return this.reports.findById(id);
  }

  async lock(found: ReportRow, tx: EntityManager): Promise<ReviewTarget | null> {
    const locked = await this.reports.lockReport(found.id, tx);
    if (!locked) return null;
    return {
      id: locked.id,
      groupId: locked.groupId,
      status: reviewStatusOf(locked.status),
      contributorIds: [locked.createdBy, ...(await this.reports.mediaUploaders(locked.id, tx))],
      audit: { reportId: locked.id },
    };
  }

  async apply(_found: ReportRow, target: ReviewTarget, d: ReviewDecision, actorId: string, tx: EntityManager): Promise<void> {
    await this.reports.setDecision(target.id, d.status, actorId, d.note, tx);
  }

  async afterCommit(report: ReportRow, d: ReviewDecision): Promise<void> {
    if (d.status === 'approved') this.publicEvents.changed(report.id);
    this.notifier.queueChanged(report.groupId, { kind: 'decided', revisionId: report.id, entryId: report.id, groupSlug: report.groupSlug, item: 'report' });
  }

  /** The decided report (the workspace refetches it for what may be done next). */
  async present(report: ReportRow): Promise<ReportDto> {
    return this.service.present(null, (await this.reports.findById(report.id))!, { showNote: true });
  }

  async pending(groupIds: string[] | null, now: number): Promise<QueueItemDto[]> {
    const rows = await this.reports.findPendingForGroups(groupIds);
    const ref = await this.refs.resolve(rows.map((r) => r.submittedBy ?? r.createdBy));
    return rows.map((r) => toReportQueueItem(r, ref, now));
  }
}
