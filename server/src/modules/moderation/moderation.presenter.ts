import {
  diffDocuments,
  type AuditEventDto,
  type PmNode,
  type QueueItemDto,
  type RevisionDetailDto,
  type RevisionSummaryDto,
  type UserRef,
} from '@knowledge-hub/shared';
import type { AuditEventRow, RevisionRow } from '../../database/entities';
import type { PendingRevisionRow } from './revisions.repository';

/**
 * What the API says about revisions, the review queue and the audit log: rows
 * in, DTOs (shared/src/moderation.ts) out. `ref` resolves a user id to the
 * name and colour shown (UserRefs.resolve).
 */
type Ref = (id: string) => UserRef;

/** `showNote`: canSeeReviewNote for the caller; when false the review keeps who and when, its note is empty. */
export function toRevisionSummary(r: RevisionRow, ref: Ref, showNote: boolean): RevisionSummaryDto {
  return {
    id: r.id,
    entryId: r.entryId,
    number: r.number,
    status: r.status,
    contentHash: r.contentHash,
    title: r.title,
    submittedBy: ref(r.submittedBy),
    submittedAt: r.submittedAt.toISOString(),
    contributors: r.contributorIds.map(ref),
    review: r.reviewedBy && r.reviewedAt ? { by: ref(r.reviewedBy), at: r.reviewedAt.toISOString(), note: showNote ? r.reviewNote : '' } : null,
    changeNote: r.changeNote ?? '',
  };
}

export function refsOf(rows: RevisionRow[]): string[] {
  return rows.flatMap((r) => [r.submittedBy, r.reviewedBy ?? '', ...r.contributorIds]);
}

export function toQueueItem(r: PendingRevisionRow, ref: Ref, now: number): QueueItemDto {
  const diff = diffDocuments((r.publishedPmJson as PmNode | null) ?? null, r.pmJson as PmNode);
  return {
    kind: 'revision',
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
    changeNote: r.changeNote,
  };
}

export function toAuditEvent(r: AuditEventRow, ref: Ref): AuditEventDto {
  return {
    id: r.id,
    entryId: r.entryId,
    revisionId: r.revisionId,
    actor: ref(r.actorId),
    action: r.action as AuditEventDto['action'],
    note: r.note,
    override: r.override,
    createdAt: r.createdAt.toISOString(),
  };
}

/** A revision with its entry, the published revision it is compared with, and what the caller may do. */
export function toRevisionDetail(
  revision: RevisionRow,
  entry: { slug: string; groupSlug: string },
  published: RevisionRow | null,
  ref: Ref,
  showNote: boolean,
  allowed: RevisionDetailDto['allowed'],
): RevisionDetailDto {
  return {
    ...toRevisionSummary(revision, ref, showNote),
    entrySlug: entry.slug,
    groupSlug: entry.groupSlug,
    summary: revision.summary,
    html: revision.html,
    published: published ? { id: published.id, number: published.number, html: published.html } : null,
    diff: diffDocuments(published && published.id !== revision.id ? (published.pmJson as PmNode) : null, revision.pmJson as PmNode),
    allowed,
  };
}
