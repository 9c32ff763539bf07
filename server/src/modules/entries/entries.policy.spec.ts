import type { GroupRole } from '@knowledge-hub/shared';
import type { Actor } from '../../common/actor';
import { canOnEntry, collabAccess, type CollabAccess, type EntryAction } from './entries.policy';

const GROUP = 'group-1';

function actor(kind: 'anonymous' | 'outsider' | GroupRole | 'admin' | 'member-elsewhere'): Actor | null {
  if (kind === 'anonymous') return null;
  const memberships = new Map<string, GroupRole>();
  if (kind === 'contributor' || kind === 'moderator') memberships.set(GROUP, kind);
  if (kind === 'member-elsewhere') memberships.set('group-2', 'moderator');
  return { id: 'u1', email: 'u@x', name: 'U', isAdmin: kind === 'admin', memberships };
}

type Who = Parameters<typeof actor>[0];

describe('entry policy', () => {
  const table: [Who, EntryAction, boolean][] = [
    ['anonymous', 'read', false],
    ['anonymous', 'write', false],
    ['outsider', 'read', true],
    ['outsider', 'write', false],
    ['member-elsewhere', 'write', false],
    ['contributor', 'write', true],
    ['moderator', 'write', true],
    ['admin', 'write', true],
  ];
  it.each(table)('%s may %s: %s', (who, action, allowed) => {
    expect(canOnEntry(actor(who), action, { groupId: GROUP })).toBe(allowed);
  });
});

describe('collab access', () => {
  const table: [Who, CollabAccess][] = [
    ['anonymous', 'none'],
    ['outsider', 'read'],
    ['member-elsewhere', 'read'],
    ['contributor', 'write'],
    ['moderator', 'write'],
    ['admin', 'write'],
  ];
  it.each(table)('%s gets a %s connection', (who, access) => {
    expect(collabAccess(actor(who), { groupId: GROUP })).toBe(access);
  });
});
