import { z } from 'zod';
import type { DocumentDiff } from './diff.js';
import { MAX_NOTE_CHARS } from './limits.js';

/** Moderation: revisions, reviews, the queue, the audit log. */

/** `superseded`: a newer revision was approved while this one waited; it left the queue. */
export type RevisionStatus = 'pending' | 'approved' | 'changes_requested' | 'rejected' | 'superseded';
/** `archived` / `unarchived`: a moderator hid the entry from lists and the public site (410 Gone), or brought it back. */
export type AuditAction = 'submitted' | 'approved' | 'changes_requested' | 'rejected' | 'unpublished' | 'restored' | 'superseded' | 'archived' | 'unarchived';

export interface UserRef {
  userId: string;
  name: string;
}

export interface SubmitRevisionResponse {
  id: string;
  number: number;
  contentHash: string;
  contributors: UserRef[];
}

export interface RevisionSummaryDto {
  id: string;
  entryId: string;
  number: number;
  status: RevisionStatus;
  contentHash: string;
  title: string;
  submittedBy: UserRef;
  submittedAt: string;
  contributors: UserRef[];
  review: { by: UserRef; at: string; note: string } | null;
  /** The submitter's note on what changed ('' when none was given). */
  changeNote: string;
}

/** What the review queue holds: entry revisions, dataset versions, reports (one queue, one four-eyes rule). For `report`, revisionId and entryId are the report's id, entrySlug its slug. */
export type ReviewItemKind = 'revision' | 'dataset_version' | 'report';

/**
 * One pending item of the review queue. For `dataset_version`, `revisionId` is
 * the version's id (decided at /api/dataset-versions/:id/…), `entryId` and
 * `entrySlug` the dataset's id and slug, and `change` counts rows
 * (added/removed/changed) against the previous version.
 */
export interface QueueItemDto {
  kind: ReviewItemKind;
  revisionId: string;
  entryId: string;
  entrySlug: string;
  title: string;
  groupSlug: string;
  groupName: string;
  groupNameZh: string;
  number: number;
  submittedBy: UserRef;
  submittedAt: string;
  ageSeconds: number;
  /** Blocks added / removed / changed against the published revision. */
  change: { added: number; removed: number; changed: number };
  /** The submitter's note on what changed (entry revisions; '' when none). */
  changeNote?: string;
}

export interface RevisionDetailDto extends RevisionSummaryDto {
  entrySlug: string;
  groupSlug: string;
  summary: string;
  html: string;
  /** The entry's currently published revision, or null. */
  published: { id: string; number: number; html: string } | null;
  diff: DocumentDiff;
  /** What the caller may do with this revision now. */
  allowed: { approve: boolean; requestChanges: boolean; reject: boolean; restore: boolean; overrideSelfReview: boolean };
}

export interface AuditEventDto {
  id: string;
  entryId: string;
  revisionId: string | null;
  actor: UserRef;
  action: AuditAction;
  note: string;
  override: boolean;
  createdAt: string;
}

/**
 * GET /api/entries/:id/published's query: `optional=true` answers 204 No Content for an entry with nothing published
 * (instead of 404 not_published), so a page may ask for it alongside the entry, before it knows.
 */
export const publishedQuery = z.strictObject({ optional: z.enum(['true']).optional() });
export type PublishedQuery = z.infer<typeof publishedQuery>;

const note = z.string().trim().max(MAX_NOTE_CHARS);

export const approveBody = z.strictObject({
  note: note.optional(),
  /** Admins only: approve despite having contributed (recorded in the audit log). */
  override: z.boolean().optional(),
});
export type ApproveBody = z.infer<typeof approveBody>;

export const decisionWithNoteBody = z.strictObject({ note: note.min(1, 'A note is required') });
export type DecisionWithNoteBody = z.infer<typeof decisionWithNoteBody>;

export const optionalNoteBody = z.strictObject({ note: note.optional() });
export type OptionalNoteBody = z.infer<typeof optionalNoteBody>;

export const restoreBody = z.strictObject({
  note: note.optional(),
  /** Admins only: restore a rejected revision (recorded in the audit log). */
  override: z.boolean().optional(),
});
export type RestoreBody = z.infer<typeof restoreBody>;
