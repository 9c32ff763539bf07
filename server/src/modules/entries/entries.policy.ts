import type { Actor } from '../../common/actor';
import { canOnGroup } from '../groups/groups.policy';

/**
 * Who may do what with an entry. Pure functions; entries.policy.spec.ts holds
 * the table (role × entry state × action → allowed). An archived entry is
 * read-only for everyone until a moderator restores it (workspace.policy).
 */
export type EntryAction = 'read' | 'write';

export interface EntryScope {
  groupId: string;
  archivedAt: Date | null;
}

export function canOnEntry(actor: Actor | null, action: EntryAction, entry: EntryScope): boolean {
  switch (action) {
    case 'read':
      return canOnGroup(actor, 'read_entries', entry.groupId);
    case 'write':
      return entry.archivedAt === null && canOnGroup(actor, 'write_entries', entry.groupId);
  }
}

/**
 * What a connection to the collab endpoint may do: members (and admins) write;
 * other signed-in users get a read-only connection; anonymous callers none.
 */
export type CollabAccess = 'write' | 'read' | 'none';

export function collabAccess(actor: Actor | null, entry: EntryScope): CollabAccess {
  if (canOnEntry(actor, 'write', entry)) return 'write';
  if (canOnEntry(actor, 'read', entry)) return 'read';
  return 'none';
}
