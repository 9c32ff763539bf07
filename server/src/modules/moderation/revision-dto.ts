import type { RevisionSummaryDto, UserRef } from '@knowledge-hub/shared';
import type { RevisionRow } from '../../database/entities';

/** `showNote`: canSeeReviewNote for the caller; when false the review keeps who and when, its note is empty. */
export function toRevisionSummary(r: RevisionRow, ref: (id: string) => UserRef, showNote: boolean): RevisionSummaryDto {
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
  };
}

export function refsOf(rows: RevisionRow[]): string[] {
  return rows.flatMap((r) => [r.submittedBy, r.reviewedBy ?? '', ...r.contributorIds]);
}
