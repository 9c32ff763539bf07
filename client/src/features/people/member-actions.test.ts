import { describe, expect, it } from 'vitest';
import type { GroupRole } from '@knowledge-hub/shared';
import { memberActions, type Viewer } from './member-actions';

const admin: Viewer = { id: 'me', isAdmin: true, role: null };
const moderator: Viewer = { id: 'me', isAdmin: false, role: 'moderator' };
const contributor: Viewer = { id: 'me', isAdmin: false, role: 'contributor' };
const outsider: Viewer = { id: 'me', isAdmin: false, role: null };
const member = (role: GroupRole, userId = 'other') => ({ userId, role });

describe('memberActions', () => {
  it.each([
    ['an admin, on a contributor', admin, member('contributor'), { changeRole: true, remove: true }],
    ['an admin, on a moderator', admin, member('moderator'), { changeRole: true, remove: true }],
    ['a moderator of the group, on a contributor', moderator, member('contributor'), { changeRole: false, remove: true }],
    ['a moderator of the group, on another moderator', moderator, member('moderator'), { changeRole: false, remove: false }],
    ['a moderator of the group, on themselves', moderator, member('moderator', 'me'), { changeRole: false, remove: false }],
    ['a contributor of the group', contributor, member('contributor'), { changeRole: false, remove: false }],
    ['a signed-in outsider', outsider, member('contributor'), { changeRole: false, remove: false }],
  ])('%s', (_who, viewer, target, expected) => {
    expect(memberActions(viewer, target)).toEqual(expected);
  });
});
