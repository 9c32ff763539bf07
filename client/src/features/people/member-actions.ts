import type { GroupRole } from '@knowledge-hub/shared';

/**
 * What a viewer may do to one member of a group, mirroring the server's
 * memberVerdict (groups.policy.ts) so that only buttons the server would
 * accept are offered: admins may change anyone's role and remove anyone; a
 * moderator of the group may remove contributors, while making or unmaking a
 * moderator stays with admins. The server still decides.
 */
export interface MemberActions {
  changeRole: boolean;
  remove: boolean;
}

export interface Viewer {
  id: string;
  isAdmin: boolean;
  /** The viewer's role in this group (null: not a member). */
  role: GroupRole | null;
}

export function memberActions(viewer: Viewer, member: { userId: string; role: GroupRole }): MemberActions {
  if (viewer.isAdmin) return { changeRole: true, remove: true };
  if (viewer.role !== 'moderator') return { changeRole: false, remove: false };
  return { changeRole: false, remove: member.role === 'contributor' && member.userId !== viewer.id };
}
