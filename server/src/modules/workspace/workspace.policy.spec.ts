import type { GroupRole } from '@knowledge-hub/shared';
import type { Actor } from '../../common/actor';
import { canArchiveEntry } from './workspace.policy';

const GROUP = 'g-1';

function actor(isAdmin: boolean, role: GroupRole | null, groupId = GROUP): Actor {
  return { id: 'u', email: 'u@x', name: 'U', isAdmin, memberships: new Map(role ? [[groupId, role]] : []) };
}

describe('canArchiveEntry', () => {
  it.each([
    ['anonymous', null, false],
    ['a signed-in non-member', actor(false, null), false],
    ['a contributor of the group', actor(false, 'contributor'), false],
    ['a moderator of another group', actor(false, 'moderator', 'g-2'), false],
    ['a moderator of the group', actor(false, 'moderator'), true],
    ['an admin', actor(true, null), true],
  ] as const)('%s → %s', (_who, who, allowed) => {
    expect(canArchiveEntry(who, { groupId: GROUP })).toBe(allowed);
  });
});
