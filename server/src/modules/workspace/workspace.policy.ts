import type { Actor } from '../../common/actor';

/**
 * Who may archive an entry (and bring it back): the moderators of its group
 * and admins. Archiving hides an entry; it deletes nothing, so no author
 * loses work, and it is recorded in the entry's audit log.
 */
export function canArchiveEntry(actor: Actor | null, entry: { groupId: string }): boolean {
  if (!actor) return false;
  return actor.isAdmin || actor.memberships.get(entry.groupId) === 'moderator';
}
