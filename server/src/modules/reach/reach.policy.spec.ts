import type { Actor } from '../../common/actor';
import { reachVerdict } from './reach.policy';

const actor = (isAdmin: boolean, role?: 'moderator' | 'contributor'): Actor => ({
  id: 'u1',
  email: 'u@x',
  name: 'U',
  isAdmin,
  memberships: new Map(role ? [['g1', role]] : []),
});

describe('reachVerdict', () => {
  it.each([
    ['anonymous', null, 'unauthenticated'],
    ['contributor', actor(false, 'contributor'), 'forbidden'],
    ['moderator', actor(false, 'moderator'), 'forbidden'],
    ['admin', actor(true), 'allowed'],
  ] as const)('%s → %s', (_name, who, verdict) => {
    expect(reachVerdict(who, 'view_reach_details')).toBe(verdict);
  });
});
