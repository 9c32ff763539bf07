import type { GroupRole } from '@knowledge-hub/shared';
import type { Actor } from '../../common/actor';
import { type Verdict, verdictOf } from '../../common/policy';

/**
 * Who may do what with a knowledge group. Pure functions of the actor and the
 * group: the tables in groups.policy.spec.ts are the specification.
 */
export type GroupAction = 'view' | 'create_entry' | 'write_entries' | 'read_entries' | 'watch_presence';

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
    case 'create_entry':
    case 'write_entries':
    // Who is online and which entry each edits is the group's business: members (and admins) only.
    case 'watch_presence':
      return !!actor && (actor.isAdmin || roleIn(actor, groupId) !== null);
    case 'read_entries':
      return !!actor;
  }
}

/** Creating groups, renaming and archiving them: admins only. */
export type GroupAdminAction = 'create_group' | 'update_group';

export function groupAdminVerdict(actor: Actor | null, _action: GroupAdminAction): Verdict {
  return verdictOf(actor, actor?.isAdmin === true);
}

/**
 * Managing a group's members. `from` is the member's current role (null: not
 * a member yet), `to` the role asked for (null: removal). `manage` is the
 * question asked before anything is read: may the caller manage this group's
 * members at all?
 *
 * Admins may do everything; a moderator of the group may list the members and
 * add, keep or remove contributors, but making a moderator or unmaking one
 * (removing one included) stays with admins.
 */
export type MemberAction = { kind: 'manage' } | { kind: 'list' } | { kind: 'set_role'; from: GroupRole | null; to: GroupRole | null };

export function memberVerdict(actor: Actor | null, groupId: string, action: MemberAction): Verdict {
  return verdictOf(actor, mayManage(actor, groupId, action));
}

function mayManage(actor: Actor | null, groupId: string, action: MemberAction): boolean {
  if (!actor) return false;
  if (actor.isAdmin) return true;
  if (roleIn(actor, groupId) !== 'moderator') return false;
  switch (action.kind) {
    case 'manage':
    case 'list':
      return true;
    case 'set_role':
      return action.from !== 'moderator' && action.to !== 'moderator';
  }
}
