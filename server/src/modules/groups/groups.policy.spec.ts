import { actor, GROUP, type Who } from '../../../test/support/actors';
import { canOnGroup, moderatedGroupIds, roleIn, type GroupAction } from './groups.policy';

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
