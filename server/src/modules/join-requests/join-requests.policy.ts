import type { Actor } from '../../common/actor';
import { type Verdict, verdictOf } from '../../common/policy';

/**
 * Who may do what with join requests. Pure functions of the actor and the
 * request's group: the table in join-requests.policy.spec.ts is the
 * specification.
 *
 * - request: any signed-in person (whether they are a member already is a
 *   fact about the data: already_member, decided by the service);
 * - list_own: any signed-in person (each sees only their own requests);
 * - list / decide: the group's moderators and admins.
 */
export type JoinRequestAction = { kind: 'request' } | { kind: 'list_own' } | { kind: 'list'; groupId: string } | { kind: 'decide'; groupId: string };

export function joinRequestVerdict(actor: Actor | null, action: JoinRequestAction): Verdict {
  return verdictOf(actor, mayDo(actor, action));
}

function mayDo(actor: Actor | null, action: JoinRequestAction): boolean {
  if (!actor) return false;
  switch (action.kind) {
    case 'request':
    case 'list_own':
      return true;
    case 'list':
    case 'decide':
      return actor.isAdmin || actor.memberships.get(action.groupId) === 'moderator';
  }
}
