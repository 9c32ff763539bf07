import type { EntityManager } from 'typeorm';
import type { AuditAction, ErrorCode, QueueItemDto, ReviewItemKind, RevisionStatus } from '@knowledge-hub/shared';
import type { ModerationAction } from './moderation.policy';

/**
 * Review is one concept across kinds (entry revisions, dataset versions, …):
 * one queue, one four-eyes rule (moderation.policy.ts), one audit log. What
 * differs per kind is a small adapter: how the thing under review is found
 * and locked, what a decision changes besides its status, what happens after
 * the commit (publication, live events), how it is presented, and what it
 * shows in the queue. ReviewDecisions runs a decision for any kind;
 * ReviewKinds holds the adapters the queue lists.
 */

/** What the audit log records an event against (an entry and revision, a dataset and version, or a report). */
export interface AuditSubject {
  entryId?: string | null;
  revisionId?: string | null;
  datasetId?: string | null;
  datasetVersionId?: string | null;
  reportId?: string | null;
}

/** The thing under review, locked, as the policy sees it. */
export interface ReviewTarget {
  id: string;
  groupId: string;
  status: RevisionStatus;
  /** Who may not approve it (its author(s)); an admin may override, audited. */
  contributorIds: readonly string[];
  /** Approving it would roll readers back (an older entry revision than the published one). */
  olderThanPublished?: boolean;
  audit: AuditSubject;
}

export interface ReviewDecision {
  action: Extract<ModerationAction, 'approve' | 'request_changes' | 'reject'>;
  status: 'approved' | 'changes_requested' | 'rejected';
  audit: AuditAction;
  note: string;
  override?: boolean;
}

export interface ReviewableKind<TFound, TResult, TTarget extends ReviewTarget = ReviewTarget> {
  readonly kind: ReviewItemKind;
  /** "revision", "dataset version": completes "You may not approve this …". */
  readonly noun: string;
  readonly notFoundCode: ErrorCode;
  /** Finds it, outside any transaction (null: 404 notFoundCode). */
  find(id: string): Promise<TFound | null>;
  /** Locks what the decision changes, in the order its submissions lock, and reads it again (null: 404). Only `tx` may be used. */
  lock(found: TFound, tx: EntityManager): Promise<TTarget | null>;
  /** Records the decision and its consequences inside the transaction (audit of the decision itself is ReviewDecisions'). */
  apply(found: TFound, target: TTarget, decision: ReviewDecision, actorId: string, tx: EntityManager): Promise<unknown>;
  /** After the commit: publication, live events. `applied` is what apply answered. */
  afterCommit(found: TFound, decision: ReviewDecision, applied: unknown): Promise<void>;
  /** The answer to the decision's request. */
  present(found: TFound, actorId: string): Promise<TResult>;
  /** Its pending items in these groups (all when null), for the review queue. */
  pending(groupIds: string[] | null, now: number): Promise<QueueItemDto[]>;
}
