import { Injectable } from '@nestjs/common';
import type { AuditEventDto, QueueItemDto } from '@knowledge-hub/shared';
import type { Actor } from '../../common/actor';
import { DomainError } from '../../common/domain-error';
import { EntriesService } from '../entries/entries.service';
import { AuditRepository } from './audit.repository';
import { moderatedGroupIds } from '../groups/groups.policy';
import { canModerate, canSeeQueue } from './moderation.policy';
import { toAuditEvent, toQueueItem } from './moderation.presenter';
import { RevisionsRepository } from './revisions.repository';
import { UserRefs } from './user-refs';
import { enforce } from '../../common/policy';

/** The moderators' views: the queue of pending revisions and the audit log. */
@Injectable()
export class ReviewQueueService {
  constructor(
    private readonly revisions: RevisionsRepository,
    private readonly audit: AuditRepository,
    private readonly entries: EntriesService,
    private readonly refs: UserRefs,
  ) {}

  async queue(actor: Actor | null): Promise<QueueItemDto[]> {
    enforce(canSeeQueue(actor), 'see the review queue');
    const rows = await this.revisions.findPendingForGroups(actor!.isAdmin ? null : moderatedGroupIds(actor!));
    const ref = await this.refs.resolve(rows.map((r) => r.submittedBy));
    const now = Date.now();
    return rows.map((r) => toQueueItem(r, ref, now));
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
