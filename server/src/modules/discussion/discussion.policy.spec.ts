import { actor, GROUP, type Who } from '../../../test/support/actors';
import type { Verdict } from '../../common/policy';
import { type DiscussionAction, discussionVerdict } from './discussion.policy';

/** actor('…').id is always 'u1': "own" comments are u1's, "others'" someone else's. */
const ACTIONS = {
  read: { kind: 'read', groupId: GROUP },
  comment: { kind: 'comment', groupId: GROUP },
  'comment on a revision': { kind: 'comment_revision', groupId: GROUP },
  resolve: { kind: 'resolve', groupId: GROUP },
  'edit own': { kind: 'edit', groupId: GROUP, authorId: 'u1' },
  "edit other's": { kind: 'edit', groupId: GROUP, authorId: 'u2' },
  'delete own': { kind: 'delete', groupId: GROUP, authorId: 'u1' },
  "delete other's": { kind: 'delete', groupId: GROUP, authorId: 'u2' },
} satisfies Record<string, DiscussionAction>;
type ActionName = keyof typeof ACTIONS;

const A = 'allowed';
const F = 'forbidden';
const U = 'unauthenticated';

describe('discussion policy', () => {
  // Columns: read, comment, comment on a revision, resolve, edit own, edit other's, delete own, delete other's.
  const rows: Record<Who, Verdict[]> = {
    anonymous: [U, U, U, U, U, U, U, U],
    outsider: [F, F, F, F, F, F, F, F], // signed in, reads the entry read-only
    'member-elsewhere': [F, F, F, F, F, F, F, F],
    contributor: [A, A, F, A, A, F, A, F],
    moderator: [A, A, A, A, A, F, A, F],
    admin: [A, A, A, A, A, F, A, F],
  };
  const names = Object.keys(ACTIONS) as ActionName[];
  const table = (Object.entries(rows) as [Who, Verdict[]][]).flatMap(([who, verdicts]) => names.map((name, i) => [who, name, verdicts[i]] as const));
  it.each(table)('%s: %s → %s', (who, action, verdict) => {
    expect(discussionVerdict(actor(who), ACTIONS[action])).toBe(verdict);
  });
});
