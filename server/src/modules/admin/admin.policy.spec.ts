import { actor, type Who } from '../../../test/support/actors';
import type { Verdict } from '../../common/policy';
import { type AdminAction, adminVerdict } from './admin.policy';

describe('admin policy', () => {
  const actions: AdminAction[] = ['list_users', 'update_user', 'create_reset_link'];
  const expected: Record<Who, Verdict> = {
    anonymous: 'unauthenticated',
    outsider: 'forbidden',
    contributor: 'forbidden',
    moderator: 'forbidden',
    'member-elsewhere': 'forbidden',
    admin: 'allowed',
  };
  const table = actions.flatMap((action) => (Object.keys(expected) as Who[]).map((who): [Who, AdminAction, Verdict] => [who, action, expected[who]]));
  it.each(table)('%s → %s: %s', (who, action, verdict) => {
    expect(adminVerdict(actor(who), action)).toBe(verdict);
  });
});
