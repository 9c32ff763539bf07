import type { RevisionStatus } from '@knowledge-hub/shared';
import type { Actor } from '../../common/actor';
import { type Verdict, verdictOf } from '../../common/policy';
import { moderatedGroupIds, roleIn } from '../groups/groups.policy';

/**
 * Who may do what in moderation. Pure: the table in moderation.policy.spec.ts
 * (role × revision state × action) is the specification.
 *
 * - members of the entry's group submit revisions and read them;
 * - moderators of the group (and admins) see the queue and the audit log,
 *   decide pending revisions, unpublish entries and restore revisions;
 * - four-eyes: nobody approves a revision they contributed to; an admin may
 *   override (the override is recorded in the audit log);
 * - a revision older than the published one is never approved (that would
 *   roll readers back); approving a newer one supersedes older pending ones;
 * - a rejected revision is not restored into the draft, unless an admin
 *   overrides (recorded in the audit log).
 */
export type ModerationAction = 'submit' | 'view' | 'approve' | 'request_changes' | 'reject' | 'restore' | 'unpublish' | 'view_audit';

export type { Verdict };

export interface RevisionScope {
  groupId: string;
  status?: RevisionStatus;
  contributorIds?: readonly string[];
  /** The revision is older than the entry's published one: approving it would roll readers back. */
  olderThanPublished?: boolean;
}

export function isModerator(actor: Actor | null, groupId: string): boolean {
  return !!actor && (actor.isAdmin || roleIn(actor, groupId) === 'moderator');
}

/**
 * Who reads the moderators' notes on a revision: members of the entry's group
 * (admins included) and the revision's contributors, whoever asks and through
 * whichever route. Others may see that it was reviewed, not what was said.
 */
export function canSeeReviewNote(actor: Actor | null, scope: { groupId: string; contributorIds: readonly string[] }): boolean {
  if (!actor) return false;
  return actor.isAdmin || roleIn(actor, scope.groupId) !== null || scope.contributorIds.includes(actor.id);
}

/** The review queue: admins see every group's pending revisions, moderators those of the groups they moderate. */
export function canSeeQueue(actor: Actor | null): Verdict {
  if (!actor) return 'unauthenticated';
  return actor.isAdmin || moderatedGroupIds(actor).length > 0 ? 'allowed' : 'forbidden';
}

/**
 * The hub-wide audit log (people, accounts, every entry's reviews) is the
 * admins' alone: it names people across groups. Moderators read the log of the
 * entries of their groups, one entry at a time (`view_audit`).
 */
export function canSeeHubAudit(actor: Actor | null): Verdict {
  return verdictOf(actor, actor?.isAdmin === true);
}

export function canModerate(actor: Actor | null, action: ModerationAction, scope: RevisionScope, opts: { override?: boolean } = {}): Verdict {
  if (!actor) return 'unauthenticated';
  const member = actor.isAdmin || roleIn(actor, scope.groupId) !== null;
  switch (action) {
    case 'submit':
    case 'view':
      return member ? 'allowed' : 'forbidden';
    case 'view_audit':
    case 'unpublish':
      return isModerator(actor, scope.groupId) ? 'allowed' : 'forbidden';
    case 'restore':
      if (!isModerator(actor, scope.groupId)) return 'forbidden';
      if (scope.status === 'rejected' && !(actor.isAdmin && opts.override)) return 'revision_rejected';
      return 'allowed';
    case 'approve':
    case 'request_changes':
    case 'reject': {
      if (!isModerator(actor, scope.groupId)) return 'forbidden';
      if (scope.status === 'superseded') return 'superseded';
      if (scope.status !== 'pending') return 'already_reviewed';
      if (action === 'approve' && scope.olderThanPublished) return 'superseded';
      if (action === 'approve' && scope.contributorIds?.includes(actor.id) && !(actor.isAdmin && opts.override)) return 'self_review';
      return 'allowed';
    }
  }
}
