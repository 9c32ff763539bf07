import type { GroupRole } from '@knowledge-hub/shared';
import type { Actor } from '../../src/common/actor';

/** The group the policy tables are about, and the other one a 'member-elsewhere' moderates. */
export const GROUP = 'group-1';
export const OTHER_GROUP = 'group-2';

export type Who = 'anonymous' | 'outsider' | GroupRole | 'admin' | 'member-elsewhere';

/** The callers of the policy tables: nobody, a signed-in stranger, a member of GROUP by role, an admin, a moderator of another group. */
export function actor(who: Who): Actor | null {
  if (who === 'anonymous') return null;
  const memberships = new Map<string, GroupRole>();
  if (who === 'contributor' || who === 'moderator') memberships.set(GROUP, who);
  if (who === 'member-elsewhere') memberships.set(OTHER_GROUP, 'moderator');
  return { id: 'u1', email: 'u@x', name: 'U', isAdmin: who === 'admin', memberships };
}
