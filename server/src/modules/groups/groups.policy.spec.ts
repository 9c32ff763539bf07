import type { GroupRole } from '@knowledge-hub/shared';
import type { Actor } from '../../common/actor';
import { canOnGroup, moderatedGroupIds, roleIn, type GroupAction } from './groups.policy';

const GROUP = 'group-1';

function actor(kind: 'anonymous' | 'outsider' | GroupRole | 'admin' | 'member-elsewhere'): Actor | null {
  if (kind === 'anonymous') return null;
  const memberships = new Map<string, GroupRole>();
  if (kind === 'contributor' || kind === 'moderator') memberships.set(GROUP, kind);
  if (kind === 'member-elsewhere') memberships.set('group-2', 'moderator');
  return { id: 'u1', email: 'u@x', name: 'U', isAdmin: kind === 'admin', memberships };
}

type Who = Parameters<typeof actor>[0];

describe('group policy', () => {
  const table: [Who, GroupAction, boolean][] = [
    ['anonymous', 'view', true],
    ['anonymous', 'read_entries', false],
    ['anonymous', 'create_entry', false],
    ['anonymous', 'manage_members', false],
    ['outsider', 'view', true],
    ['outsider', 'read_entries', true],
    ['outsider', 'create_entry', false],
    ['outsider', 'write_entries', false],
    ['outsider', 'manage_members', false],
    ['member-elsewhere', 'create_entry', false],
    ['member-elsewhere', 'write_entries', false],
    ['contributor', 'read_entries', true],
    ['contributor', 'create_entry', true],
    ['contributor', 'write_entries', true],
    ['contributor', 'manage_members', false],
    ['moderator', 'create_entry', true],
    ['moderator', 'write_entries', true],
    ['moderator', 'manage_members', false],
    ['admin', 'create_entry', true],
    ['admin', 'write_entries', true],
    ['admin', 'manage_members', true],
  ];
  it.each(table)('%s may %s: %s', (who, action, allowed) => {
    expect(canOnGroup(actor(who), action, GROUP)).toBe(allowed);
  });
});

describe('roles', () => {
  it('reads the role in a group from the memberships, and the moderated groups', () => {
    const a = actor('moderator');
    expect(roleIn(a, GROUP)).toBe('moderator');
    expect(roleIn(a, 'group-2')).toBeNull();
    expect(roleIn(null, GROUP)).toBeNull();
    expect(moderatedGroupIds(actor('member-elsewhere')!)).toEqual(['group-2']);
    expect(moderatedGroupIds(actor('contributor')!)).toEqual([]);
  });
});
