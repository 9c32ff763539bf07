import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { ApproveBody, AuditAction, EntryStatus, RevisionStatus, RevisionSummaryDto } from '@knowledge-hub/shared';
import { isUuid } from '../../common/ids';
import type { Actor } from '../../common/actor';
import { notFound } from '../../common/domain-error';
import { EntriesService } from '../entries/entries.service';
import { ReviewNotifier } from '../realtime/review-notifier.service';
import { AuditRepository } from './audit.repository';
import { canModerate, type ModerationAction } from './moderation.policy';
import { PublicationEvents } from './publication-events';
import { refsOf, toRevisionSummary } from './moderation.presenter';
import { RevisionsRepository } from './revisions.repository';
import { UserRefs } from './user-refs';
import { enforce } from '../../common/policy';

interface Decision {
  action: Extract<ModerationAction, 'approve' | 'request_changes' | 'reject'>;
  status: Exclude<RevisionStatus, 'pending'>;
  audit: AuditAction;
  note: string;
  override?: boolean;
}

/** A moderator's decision on a pending revision. */
@Injectable()
export class ReviewsService {
  constructor(
    private readonly db: DataSource,
    private readonly revisions: RevisionsRepository,
    private readonly audit: AuditRepository,
    private readonly entries: EntriesService,
    private readonly notifier: ReviewNotifier,
    private readonly publication: PublicationEvents,
    private readonly refs: UserRefs,
  ) {}

  approve(actor: Actor | null, revisionId: string, body: ApproveBody): Promise<RevisionSummaryDto> {
    return this.decide(actor, revisionId, { action: 'approve', status: 'approved', audit: 'approved', note: body.note ?? '', override: body.override });
  }

  requestChanges(actor: Actor | null, revisionId: string, note: string): Promise<RevisionSummaryDto> {
    return this.decide(actor, revisionId, { action: 'request_changes', status: 'changes_requested', audit: 'changes_requested', note });
  }

  reject(actor: Actor | null, revisionId: string, note: string): Promise<RevisionSummaryDto> {
    return this.decide(actor, revisionId, { action: 'reject', status: 'rejected', audit: 'rejected', note });
  }

  private async decide(actor: Actor | null, revisionId: string, d: Decision): Promise<RevisionSummaryDto> {
    const known = isUuid(revisionId) ? await this.revisions.findById(revisionId) : null;
    if (!known) throw notFound('revision_not_found', `Revision ${revisionId}`);
    const entry = await this.entries.requireEntry(known.entryId);
    const { decided, superseded } = await this.db.transaction(async (tx) => {
      // Lock the entry, then the revision (the order submissions use), and decide on the locked state:
      // of two moderators deciding at once the second gets 409, and what is published cannot move meanwhile.
      const locked = await this.entries.lockById(entry.id, tx);
      const revision = await this.revisions.findByIdForUpdate(revisionId, tx);
      if (!locked || !revision) throw notFound('revision_not_found', `Revision ${revisionId}`);
      const published = locked.publishedRevisionId ? await this.revisions.findById(locked.publishedRevisionId, tx) : null;
      const scope = {
        groupId: entry.groupId,
        status: revision.status,
        contributorIds: revision.contributorIds,
        olderThanPublished: !!published && revision.number < published.number,
      };
      enforce(canModerate(actor, d.action, scope, { override: d.override }), `${d.action.replace('_', ' ')} this revision`);
      const overridden = d.action === 'approve' && revision.contributorIds.includes(actor!.id);
      await this.revisions.setDecision(revision.id, d.status, actor!.id, d.note, tx);
      let superseded: string[] = [];
      if (d.status === 'approved') {
        await this.entries.setPublication(entry.id, { status: 'published', publishedRevisionId: revision.id }, tx);
        // Older pending revisions could only roll this one back: they leave the queue, each audited.
        superseded = await this.revisions.supersedePendingBefore(entry.id, revision.number, actor!.id, tx);
        for (const id of superseded) {
          await this.audit.record(
            { entryId: entry.id, revisionId: id, actorId: actor!.id, action: 'superseded', note: `Superseded by revision ${revision.number}` },
            tx,
          );
        }
      } else {
        const status: EntryStatus = d.status === 'changes_requested' ? 'changes_requested' : locked.publishedRevisionId ? 'published' : 'draft';
        await this.entries.setPublication(entry.id, { status }, tx);
      }
      await this.audit.record({ entryId: entry.id, revisionId: revision.id, actorId: actor!.id, action: d.audit, note: d.note, override: overridden }, tx);
      return { decided: await this.revisions.findById(revision.id, tx), superseded };
    });
    if (d.status === 'approved') await this.publication.changed(entry.id);
    this.notifier.queueChanged(entry.groupId, { kind: 'decided', revisionId, entryId: entry.id, groupSlug: entry.groupSlug });
    for (const id of superseded)
      this.notifier.queueChanged(entry.groupId, { kind: 'superseded', revisionId: id, entryId: entry.id, groupSlug: entry.groupSlug });
    const ref = await this.refs.resolve(refsOf([decided!]));
    return toRevisionSummary(decided!, ref, true); // the deciding moderator wrote the note
  }
}
