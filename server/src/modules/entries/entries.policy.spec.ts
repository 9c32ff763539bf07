import { actor, GROUP, type Who } from '../../../test/support/actors';
import { canOnEntry, collabAccess, type CollabAccess, type EntryAction } from './entries.policy';

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
    expect(canOnEntry(actor(who), action, { groupId: GROUP, archivedAt: null })).toBe(allowed);
  });

  const archived: [Who, EntryAction, boolean][] = [
    ['anonymous', 'read', false],
    ['outsider', 'read', true],
    ['contributor', 'read', true],
    ['contributor', 'write', false],
    ['moderator', 'write', false],
    ['admin', 'write', false],
  ];
  it.each(archived)('%s may %s an archived entry: %s', (who, action, allowed) => {
    expect(canOnEntry(actor(who), action, { groupId: GROUP, archivedAt: new Date() })).toBe(allowed);
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
    expect(collabAccess(actor(who), { groupId: GROUP, archivedAt: null })).toBe(access);
  });

  it.each<[Who, CollabAccess]>([
    ['anonymous', 'none'],
    ['contributor', 'read'],
    ['moderator', 'read'],
    ['admin', 'read'],
  ])('%s gets a %s connection to an archived entry', (who, access) => {
    expect(collabAccess(actor(who), { groupId: GROUP, archivedAt: new Date() })).toBe(access);
  });
});
