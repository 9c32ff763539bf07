import { Injectable } from '@nestjs/common';
import type { AuditEventDto, QueueItemDto } from '@knowledge-hub/shared';
import type { Actor } from '../../common/actor';
import { DomainError } from '../../common/domain-error';
import { EntriesService } from '../entries/entries.service';
import { AuditRepository } from './audit.repository';
import { moderatedGroupIds } from '../groups/groups.policy';
import { canModerate, canSeeQueue } from './moderation.policy';
import { toAuditEvent } from './moderation.presenter';
import { ReviewKinds } from './review-kinds.service';
import { UserRefs } from './user-refs';
import { enforce } from '../../common/policy';

/** The moderators' views: the queue of pending items of every reviewable kind, and an entry's audit log. */
@Injectable()
export class ReviewQueueService {
  constructor(
    private readonly kinds: ReviewKinds,
    private readonly audit: AuditRepository,
    private readonly entries: EntriesService,
    private readonly refs: UserRefs,
  ) {}

  async queue(actor: Actor | null): Promise<QueueItemDto[]> {
    enforce(canSeeQueue(actor), 'see the review queue');
    const groupIds = actor!.isAdmin ? null : moderatedGroupIds(actor!);
    const now = Date.now();
    const lists = await Promise.all(this.kinds.all().map((kind) => kind.pending(groupIds, now)));
    // Oldest first across kinds (a stable sort keeps each kind's own order for equal times).
    return lists.flat().sort((a, b) => a.submittedAt.localeCompare(b.submittedAt));
  }

  async auditLog(actor: Actor | null, entryId: string | undefined): Promise<AuditEventDto[]> {
    if (!entryId) throw new DomainError('validation_failed', 'entryId is required', [{ path: 'entryId', message: 'Required' }]);
    const entry = await this.entries.requireEntry(entryId);
    enforce(canModerate(actor, 'view_audit', { groupId: entry.groupId }), 'see the audit log');
    const rows = await this.audit.findForEntryNewestFirst(entry.id);
    const ref = await this.refs.resolve(rows.map((r) => r.actorId));
    return rows.map((r) => toAuditEvent(r, ref));
  }
}
