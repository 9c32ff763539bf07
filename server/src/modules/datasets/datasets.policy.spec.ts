import type { Actor } from '../../common/actor';
import { canModerate } from '../moderation/moderation.policy';
import { canOnDataset, type DatasetAction } from './datasets.policy';

const G = 'group-1';
const actor = (id: string, role: 'contributor' | 'moderator' | null, isAdmin = false): Actor => ({
  id,
  email: `${id}@x`,
  name: id,
  isAdmin,
  memberships: new Map(role ? [[G, role]] : []),
});
const ACTORS = {
  anonymous: null,
  outsider: actor('out', null),
  contributor: actor('uploader', 'contributor'),
  moderator: actor('mod', 'moderator'),
  uploaderModerator: actor('uploader', 'moderator'),
  admin: actor('admin', null, true),
};

describe('dataset policy', () => {
  it.each([
    ['anonymous', 'create', 'unauthenticated'],
    ['outsider', 'create', 'forbidden'],
    ['contributor', 'create', 'allowed'],
    ['admin', 'upload', 'allowed'],
    ['outsider', 'upload', 'forbidden'],
    ['outsider', 'read', 'allowed'],
    ['anonymous', 'read', 'unauthenticated'],
    ['outsider', 'read_unapproved', 'forbidden'],
    ['contributor', 'read_unapproved', 'allowed'],
  ] as const)('%s %s → %s', (who, action, verdict) => {
    expect(canOnDataset(ACTORS[who], action as DatasetAction, G)).toBe(verdict);
  });

  // Review of a version is moderation's one policy: the uploader is the contributor of the four-eyes rule.
  const pending = { groupId: G, status: 'pending' as const, contributorIds: ['uploader'] };
  it.each([
    ['contributor', 'approve', pending, false, 'forbidden'],
    ['moderator', 'approve', pending, false, 'allowed'],
    ['uploaderModerator', 'approve', pending, false, 'self_review'],
    ['uploaderModerator', 'reject', pending, false, 'allowed'],
    ['moderator', 'approve', { ...pending, status: 'approved' as const }, false, 'already_reviewed'],
    ['admin', 'approve', { ...pending, contributorIds: ['admin'] }, false, 'self_review'],
    ['admin', 'approve', { ...pending, contributorIds: ['admin'] }, true, 'allowed'],
    ['uploaderModerator', 'approve', pending, true, 'self_review'],
  ] as const)('%s %s a version → %s', (who, action, scope, override, verdict) => {
    expect(canModerate(ACTORS[who], action, scope, { override })).toBe(verdict);
  });
});
