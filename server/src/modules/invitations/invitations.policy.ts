import type { GroupRole } from '@knowledge-hub/shared';
import type { Actor } from '../../common/actor';
import { verdictOf, type Verdict } from '../../common/policy';

/**
 * Who may do what with invitations. Pure functions of the actor and the
 * request: the table in invitations.policy.spec.ts is the specification.
 *
 * - invite: admins into any group with any role; a moderator into the groups
 *   they moderate, as contributor only (a moderator cannot make moderators);
 * - list: any signed-in caller (each sees only their own invitations);
 * - revoke: the invitation's creator, or an admin.
 */
export type InvitationAction = { kind: 'invite'; groups: { groupId: string; role: GroupRole }[] } | { kind: 'list' } | { kind: 'revoke'; createdBy: string };

export function invitationVerdict(actor: Actor | null, action: InvitationAction): Verdict {
  return verdictOf(actor, mayDo(actor, action));
}

function mayDo(actor: Actor | null, action: InvitationAction): boolean {
  if (!actor) return false;
  switch (action.kind) {
    case 'invite':
      return action.groups.length > 0 && action.groups.every((g) => mayInviteInto(actor, g.groupId, g.role));
    case 'list':
      return true;
    case 'revoke':
      return actor.isAdmin || action.createdBy === actor.id;
  }
}

function mayInviteInto(actor: Actor, groupId: string, role: GroupRole): boolean {
  if (actor.isAdmin) return true;
  return role === 'contributor' && actor.memberships.get(groupId) === 'moderator';
}
