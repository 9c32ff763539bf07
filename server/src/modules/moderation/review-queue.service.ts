import { Injectable } from '@nestjs/common';
import { diffDocuments, type AuditEventDto, type PmNode, type QueueItemDto } from '@knowledge-hub/shared';
import type { Actor } from '../../common/actor';
import { DomainError } from '../../common/domain-error';
import { EntriesService } from '../entries/entries.service';
import { AuditRepository } from './audit.repository';
import { moderatedGroupIds } from '../groups/groups.policy';
import { canModerate } from './moderation.policy';
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
    if (!actor) throw new DomainError('unauthenticated', 'Sign in to see the review queue');
    const moderated = moderatedGroupIds(actor);
    if (!actor.isAdmin && moderated.length === 0) throw new DomainError('forbidden', 'Only moderators see the review queue');
    const rows = await this.revisions.findPendingForGroups(actor.isAdmin ? null : moderated);
    const ref = await this.refs.resolve(rows.map((r) => r.submittedBy));
    const now = Date.now();
    return rows.map((r) => {
      const diff = diffDocuments((r.publishedPmJson as PmNode | null) ?? null, r.pmJson as PmNode);
      return {
        revisionId: r.id,
        entryId: r.entryId,
        entrySlug: r.entrySlug,
        title: r.title,
        groupSlug: r.groupSlug,
        groupName: r.groupName,
        groupNameZh: r.groupNameZh,
        number: r.number,
        submittedBy: ref(r.submittedBy),
        submittedAt: new Date(r.submittedAt).toISOString(),
        ageSeconds: Math.max(0, Math.round((now - new Date(r.submittedAt).getTime()) / 1000)),
        change: { added: diff.added, removed: diff.removed, changed: diff.changed },
      };
    });
  }

  async auditLog(actor: Actor | null, entryId: string | undefined): Promise<AuditEventDto[]> {
    if (!entryId) throw new DomainError('validation_failed', 'entryId is required', [{ path: 'entryId', message: 'Required' }]);
    const entry = await this.entries.requireEntry(entryId);
    enforce(canModerate(actor, 'view_audit', { groupId: entry.groupId }), 'see the audit log');
    const rows = await this.audit.findForEntryNewestFirst(entry.id);
    const ref = await this.refs.resolve(rows.map((r) => r.actorId));
    return rows.map((r) => ({
      id: r.id,
      entryId: r.entryId,
      revisionId: r.revisionId,
      actor: ref(r.actorId),
      action: r.action as AuditEventDto['action'],
      note: r.note,
      override: r.override,
      createdAt: r.createdAt.toISOString(),
    }));
  }
}
