import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { ApproveBody, EntryStatus, QueueItemDto, RevisionSummaryDto } from '@knowledge-hub/shared';
import type { Actor } from '../../common/actor';
import type { RevisionRow } from '../../database/entities';
import { EntriesService } from '../entries/entries.service';
import { NotificationsService } from '../notifications/notifications.service';
import { ReviewNotifier } from '../realtime/review-notifier.service';
import { AuditRepository } from './audit.repository';
import { refsOf, toQueueItem, toRevisionSummary } from './moderation.presenter';
import { PublicationEvents } from './publication-events';
import { ReviewDecisions } from './review-decisions.service';
import { ReviewKinds } from './review-kinds.service';
import type { ReviewableKind, ReviewDecision, ReviewTarget } from './reviewable-kind';
import { RevisionsRepository } from './revisions.repository';
import { entryArchived } from './revisions.service';
import { UserRefs } from './user-refs';

type EntryOfRevision = Awaited<ReturnType<EntriesService['requireEntry']>>;
interface FoundRevision {
  revision: RevisionRow;
  entry: EntryOfRevision;
}
interface LockedRevision extends ReviewTarget {
  number: number;
  publishedRevisionId: string | null;
  archivedAt: Date | null;
}

/**
 * A moderator's decision on a pending entry revision: the first reviewable
 * kind. Approving publishes the revision and supersedes older pending ones of
 * the entry (each audited); the other decisions set the entry's status.
 */
@Injectable()
export class ReviewsService implements ReviewableKind<FoundRevision, RevisionSummaryDto, LockedRevision>, OnModuleInit {
  readonly kind = 'revision' as const;
  readonly noun = 'revision';
  readonly notFoundCode = 'revision_not_found' as const;

  constructor(
    private readonly decisions: ReviewDecisions,
    private readonly revisions: RevisionsRepository,
    private readonly audit: AuditRepository,
    private readonly entries: EntriesService,
    private readonly notifier: ReviewNotifier,
    private readonly publication: PublicationEvents,
    private readonly refs: UserRefs,
    private readonly kinds: ReviewKinds,
    private readonly notifications: NotificationsService,
  ) {}

  onModuleInit(): void {
    this.kinds.register(this);
  }

  approve(actor: Actor | null, revisionId: string, body: ApproveBody): Promise<RevisionSummaryDto> {
    return this.decisions.decide(this, actor, revisionId, {
      action: 'approve',
      status: 'approved',
      audit: 'approved',
      note: body.note ?? '',
      override: body.override,
    });
  }

  requestChanges(actor: Actor | null, revisionId: string, note: string): Promise<RevisionSummaryDto> {
    return this.decisions.decide(this, actor, revisionId, { action: 'request_changes', status: 'changes_requested', audit: 'changes_requested', note });
  }

  reject(actor: Actor | null, revisionId: string, note: string): Promise<RevisionSummaryDto> {
    return this.decisions.decide(this, actor, revisionId, { action: 'reject', status: 'rejected', audit: 'rejected', note });
  }

  async find(id: string): Promise<FoundRevision | null> {
    const revision = await this.revisions.findById(id);
    if (!revision) return null;
    return { revision, entry: await this.entries.requireEntry(revision.entryId) };
  }

  /** Locks the entry, then the revision (the order submissions use): what is published cannot move meanwhile. */
  async lock({ revision: known, entry }: FoundRevision, tx: EntityManager): Promise<LockedRevision | null> {
    const locked = await this.entries.lockById(entry.id, tx);
    const revision = await this.revisions.findByIdForUpdate(known.id, tx);
    if (!locked || !revision) return null;
    const published = locked.publishedRevisionId ? await this.revisions.findById(locked.publishedRevisionId, tx) : null;
    return {
      id: revision.id,
      groupId: entry.groupId,
      status: revision.status,
      contributorIds: revision.contributorIds,
      olderThanPublished: !!published && revision.number < published.number,
      audit: { entryId: entry.id, revisionId: revision.id },
      publishedRevisionId: locked.publishedRevisionId,
      archivedAt: locked.archivedAt,
      number: revision.number,
    };
  }

  async apply({ entry }: FoundRevision, target: LockedRevision, d: ReviewDecision, actorId: string, tx: EntityManager): Promise<string[]> {
    const { number, publishedRevisionId } = target;
    // Approving would change what the archived entry publishes (and supersede its other pending revisions): refused,
    // decided on the locked row, so an archive racing the approval is seen. Requesting changes or rejecting only decides
    // the revision (the entry's content and published revision stay), so a moderator can still clear the queue.
    if (d.status === 'approved' && target.archivedAt) throw entryArchived();
    await this.revisions.setDecision(target.id, d.status, actorId, d.note, tx);
    if (d.status !== 'approved') {
      const status: EntryStatus = d.status === 'changes_requested' ? 'changes_requested' : publishedRevisionId ? 'published' : 'draft';
      await this.entries.setPublication(entry.id, { status }, tx);
      return [];
    }
    await this.entries.setPublication(entry.id, { status: 'published', publishedRevisionId: target.id }, tx);
    // Older pending revisions could only roll this one back: they leave the queue, each audited.
    const superseded = await this.revisions.supersedePendingBefore(entry.id, number, actorId, tx);
    for (const id of superseded) {
      await this.audit.record({ entryId: entry.id, revisionId: id, actorId, action: 'superseded', note: `Superseded by revision ${number}` }, tx);
    }
    return superseded;
  }

  async afterCommit({ revision, entry }: FoundRevision, d: ReviewDecision, applied: unknown): Promise<void> {
    if (d.status === 'approved') await this.publication.changed(entry.id);
    this.notifier.queueChanged(entry.groupId, { kind: 'decided', revisionId: revision.id, entryId: entry.id, groupSlug: entry.groupSlug });
    // Its contributors and submitter hear of the decision, with the note (the decider is the one recorded on the revision).
    const deciderId = (await this.revisions.findById(revision.id))?.reviewedBy ?? '';
    await this.notifications.notify(
      { kind: 'decision', decision: d.status, deciderId, contributorIds: revision.contributorIds, submittedBy: revision.submittedBy },
      { actorId: deciderId, entryId: entry.id, revisionId: revision.id, groupId: entry.groupId, text: d.note },
    );
    for (const id of applied as string[])
      this.notifier.queueChanged(entry.groupId, { kind: 'superseded', revisionId: id, entryId: entry.id, groupSlug: entry.groupSlug });
  }

  async present({ revision }: FoundRevision): Promise<RevisionSummaryDto> {
    const decided = await this.revisions.findById(revision.id);
    const ref = await this.refs.resolve(refsOf([decided!]));
    return toRevisionSummary(decided!, ref, true); // the deciding moderator wrote the note
  }

  async pending(groupIds: string[] | null, now: number): Promise<QueueItemDto[]> {
    const rows = await this.revisions.findPendingForGroups(groupIds);
    const ref = await this.refs.resolve(rows.map((r) => r.submittedBy));
    return rows.map((r) => toQueueItem(r, ref, now));
  }
}
