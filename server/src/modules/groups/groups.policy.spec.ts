import { actor, GROUP, type Who } from '../../../test/support/actors';
import type { Verdict } from '../../common/policy';
import {
  canOnGroup,
  type GroupAction,
  type GroupAdminAction,
  groupAdminVerdict,
  type MemberAction,
  memberVerdict,
  moderatedGroupIds,
  roleIn,
} from './groups.policy';

describe('group policy', () => {
  const table: [Who, GroupAction, boolean][] = [
    ['anonymous', 'view', true],
    ['anonymous', 'read_entries', false],
    ['anonymous', 'create_entry', false],
    ['outsider', 'view', true],
    ['outsider', 'read_entries', true],
    ['outsider', 'create_entry', false],
    ['outsider', 'write_entries', false],
    ['member-elsewhere', 'create_entry', false],
    ['member-elsewhere', 'write_entries', false],
    ['contributor', 'read_entries', true],
    ['contributor', 'create_entry', true],
    ['contributor', 'write_entries', true],
    ['moderator', 'create_entry', true],
    ['moderator', 'write_entries', true],
    ['admin', 'create_entry', true],
    ['admin', 'write_entries', true],
  ];
  it.each(table)('%s may %s: %s', (who, action, allowed) => {
    expect(canOnGroup(actor(who), action, GROUP)).toBe(allowed);
  });
});

describe('group administration policy (create, rename, archive)', () => {
  const expected: Record<Who, Verdict> = {
    anonymous: 'unauthenticated',
    outsider: 'forbidden',
    contributor: 'forbidden',
    moderator: 'forbidden',
    'member-elsewhere': 'forbidden',
    admin: 'allowed',
  };
  const actions: GroupAdminAction[] = ['create_group', 'update_group'];
  const table = actions.flatMap((action) => (Object.keys(expected) as Who[]).map((who): [Who, GroupAdminAction, Verdict] => [who, action, expected[who]]));
  it.each(table)('%s → %s: %s', (who, action, verdict) => {
    expect(groupAdminVerdict(actor(who), action)).toBe(verdict);
  });
});

describe('member management policy', () => {
  const ACTIONS = {
    manage: { kind: 'manage' },
    list: { kind: 'list' },
    'add contributor': { kind: 'set_role', from: null, to: 'contributor' },
    'add moderator': { kind: 'set_role', from: null, to: 'moderator' },
    'promote contributor to moderator': { kind: 'set_role', from: 'contributor', to: 'moderator' },
    'demote moderator to contributor': { kind: 'set_role', from: 'moderator', to: 'contributor' },
    'keep contributor': { kind: 'set_role', from: 'contributor', to: 'contributor' },
    'remove contributor': { kind: 'set_role', from: 'contributor', to: null },
    'remove moderator': { kind: 'set_role', from: 'moderator', to: null },
  } satisfies Record<string, MemberAction>;
  type ActionName = keyof typeof ACTIONS;
  const names = Object.keys(ACTIONS) as ActionName[];
  const everything = (verdict: Verdict) => Object.fromEntries(names.map((n) => [n, verdict])) as Record<ActionName, Verdict>;

  // caller → action → verdict: every caller × every action, on GROUP.
  const expected: Record<Who, Record<ActionName, Verdict>> = {
    anonymous: everything('unauthenticated'),
    outsider: everything('forbidden'),
    contributor: everything('forbidden'),
    'member-elsewhere': everything('forbidden'), // moderates another group only
    moderator: {
      manage: 'allowed',
      list: 'allowed',
      'add contributor': 'allowed',
      'add moderator': 'forbidden',
      'promote contributor to moderator': 'forbidden',
      'demote moderator to contributor': 'forbidden',
      'keep contributor': 'allowed',
      'remove contributor': 'allowed',
      'remove moderator': 'forbidden',
    },
    admin: everything('allowed'),
  };
  const table = (Object.keys(expected) as Who[]).flatMap((who) => names.map((action): [Who, ActionName, Verdict] => [who, action, expected[who][action]]));
  it.each(table)('%s: %s → %s', (who, action, verdict) => {
    expect(memberVerdict(actor(who), GROUP, ACTIONS[action])).toBe(verdict);
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
