import type { GroupRole, JoinRequestDto } from '@knowledge-hub/shared';

/**
 * What the "Ask to join" area of a group page shows the signed-in viewer:
 * nothing (a member, or an admin, who manages groups directly), that the group
 * is archived (it takes no requests), that their request is pending, or the
 * form, with the note of their last declined request if there is one.
 */
export type JoinState =
  | { kind: 'none' }
  | { kind: 'archived' }
  | { kind: 'pending'; request: JoinRequestDto }
  | { kind: 'can-ask'; declined: JoinRequestDto | null };

interface GroupView {
  slug: string;
  myRole: GroupRole | null;
  archived: boolean;
}

export function joinStateFor(group: GroupView, viewerIsAdmin: boolean, ownRequests: readonly JoinRequestDto[]): JoinState {
  if (group.myRole !== null || viewerIsAdmin) return { kind: 'none' };
  const latest = ownRequests
    .filter((r) => r.group.slug === group.slug)
    .reduce<JoinRequestDto | null>((last, r) => (last === null || r.createdAt > last.createdAt ? r : last), null);
  if (latest?.status === 'pending') return { kind: 'pending', request: latest };
  // Approved while this page still shows the viewer as an outsider: the group refetch will say "member".
  if (latest?.status === 'approved') return { kind: 'none' };
  if (group.archived) return { kind: 'archived' };
  return { kind: 'can-ask', declined: latest?.status === 'declined' ? latest : null };
}
