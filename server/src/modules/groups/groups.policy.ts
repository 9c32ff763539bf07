import type { GroupRole } from '@knowledge-hub/shared';
import type { Actor } from '../../common/actor';

/**
 * Who may do what with a knowledge group. Pure functions of the actor and the
 * group: the table in groups.policy.spec.ts is the specification.
 */
export type GroupAction = 'view' | 'manage_members' | 'create_entry' | 'write_entries' | 'read_entries' | 'watch_presence';

/** The groups the actor moderates (by membership; admins moderate every group besides). */
export function moderatedGroupIds(actor: Actor): string[] {
  return Array.from(actor.memberships).flatMap(([groupId, role]) => (role === 'moderator' ? [groupId] : []));
}

export function roleIn(actor: Actor | null, groupId: string): GroupRole | null {
  return actor?.memberships.get(groupId) ?? null;
}

export function canOnGroup(actor: Actor | null, action: GroupAction, groupId: string): boolean {
  switch (action) {
    case 'view':
      return true;
    case 'manage_members':
      return !!actor?.isAdmin;
    case 'create_entry':
    case 'write_entries':
    // Who is online and which entry each edits is the group's business: members (and admins) only.
    case 'watch_presence':
      return !!actor && (actor.isAdmin || roleIn(actor, groupId) !== null);
    case 'read_entries':
      return !!actor;
  }
}
