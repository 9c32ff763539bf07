import type { Actor } from '../../common/actor';
import { type Verdict, verdictOf } from '../../common/policy';
import { roleIn } from '../groups/groups.policy';

/**
 * Who may do what with the comments of an entry. Pure functions of the actor,
 * the entry's group and (for edit/delete) the comment's author: the table in
 * discussion.policy.spec.ts is the specification.
 *
 * Comments are the group's working conversation: its members (contributors
 * and moderators) and admins read and write them; a signed-in non-member, who
 * may read the entry (read-only), may not. On a frozen revision only the
 * group's moderators and admins start threads (the review page), though every
 * member reads and answers them. Editing and deleting are the author's alone.
 */
export type DiscussionAction =
  | { kind: 'read'; groupId: string }
  | { kind: 'comment'; groupId: string }
  | { kind: 'comment_revision'; groupId: string }
  | { kind: 'resolve'; groupId: string }
  | { kind: 'edit' | 'delete'; groupId: string; authorId: string };

export function discussionVerdict(actor: Actor | null, action: DiscussionAction): Verdict {
  return verdictOf(actor, allowed(actor, action));
}

function allowed(actor: Actor | null, action: DiscussionAction): boolean {
  if (!actor) return false;
  const role = roleIn(actor, action.groupId);
  const member = actor.isAdmin || role !== null;
  switch (action.kind) {
    case 'read':
    case 'comment':
    case 'resolve':
      return member;
    case 'comment_revision':
      return actor.isAdmin || role === 'moderator';
    case 'edit':
    case 'delete':
      return member && action.authorId === actor.id;
  }
}

/** Who may be mentioned (and so told): the group's members, and admins, who see every group. */
export function mayBeMentioned(candidate: { isAdmin: boolean; role: string | null }): boolean {
  return candidate.isAdmin || candidate.role !== null;
}
