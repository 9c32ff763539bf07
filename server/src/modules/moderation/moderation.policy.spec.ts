import type { GroupRole, RevisionStatus } from '@knowledge-hub/shared';
import type { Actor } from '../../common/actor';
import { canModerate, canSeeHubAudit, canSeeQueue, canSeeReviewNote, type ModerationAction, type Verdict } from './moderation.policy';

const GROUP = 'g1';
const ME = 'me';
type Who = 'anonymous' | 'outsider' | 'contributor' | 'moderator' | 'moderator-elsewhere' | 'admin';

function actor(who: Who): Actor | null {
  if (who === 'anonymous') return null;
  const memberships = new Map<string, GroupRole>();
  if (who === 'contributor' || who === 'moderator') memberships.set(GROUP, who);
  if (who === 'moderator-elsewhere') memberships.set('g2', 'moderator');
  return { id: ME, email: 'me@x', name: 'Me', isAdmin: who === 'admin', memberships };
}

describe('moderation policy: role × revision state × action', () => {
  const decisions: ModerationAction[] = ['approve', 'request_changes', 'reject'];
  const statuses: RevisionStatus[] = ['pending', 'approved', 'changes_requested', 'rejected', 'superseded'];

  const expected = (who: Who, action: ModerationAction, status: RevisionStatus): Verdict => {
    if (who === 'anonymous') return 'unauthenticated';
    const moderates = who === 'moderator' || who === 'admin';
    if (action === 'submit' || action === 'view') return who === 'outsider' || who === 'moderator-elsewhere' ? 'forbidden' : 'allowed';
    if (!moderates) return 'forbidden';
    if (decisions.includes(action)) return status === 'pending' ? 'allowed' : status === 'superseded' ? 'superseded' : 'already_reviewed';
    if (action === 'restore' && status === 'rejected') return 'revision_rejected';
    return 'allowed';
  };

  const whos: Who[] = ['anonymous', 'outsider', 'contributor', 'moderator', 'moderator-elsewhere', 'admin'];
  const actions: ModerationAction[] = ['submit', 'view', 'approve', 'request_changes', 'reject', 'restore', 'unpublish', 'view_audit'];
  const table = whos.flatMap((who) => actions.flatMap((action) => statuses.map((status) => [who, action, status, expected(who, action, status)] as const)));

  it.each(table)('%s → %s on a %s revision: %s', (who, action, status, verdict) => {
    expect(canModerate(actor(who), action, { groupId: GROUP, status, contributorIds: [] })).toBe(verdict);
  });
});

describe('four-eyes rule', () => {
  const scope = { groupId: GROUP, status: 'pending' as const, contributorIds: ['someone', ME] };

  it('refuses a moderator approving a revision they contributed to, even with override', () => {
    expect(canModerate(actor('moderator'), 'approve', scope)).toBe('self_review');
    expect(canModerate(actor('moderator'), 'approve', scope, { override: true })).toBe('self_review');
  });

  it('lets that moderator still request changes or reject', () => {
    expect(canModerate(actor('moderator'), 'request_changes', scope)).toBe('allowed');
    expect(canModerate(actor('moderator'), 'reject', scope)).toBe('allowed');
  });

  it('lets an admin who contributed approve only with an explicit override', () => {
    expect(canModerate(actor('admin'), 'approve', scope)).toBe('self_review');
    expect(canModerate(actor('admin'), 'approve', scope, { override: true })).toBe('allowed');
  });

  it('lets a moderator who did not contribute approve', () => {
    expect(canModerate(actor('moderator'), 'approve', { ...scope, contributorIds: ['someone'] })).toBe('allowed');
  });
});

describe('restoring a rejected revision', () => {
  const rejected = { groupId: GROUP, status: 'rejected' as const };

  it('is refused to moderators, even with override', () => {
    expect(canModerate(actor('moderator'), 'restore', rejected)).toBe('revision_rejected');
    expect(canModerate(actor('moderator'), 'restore', rejected, { override: true })).toBe('revision_rejected');
  });

  it('is allowed to an admin only with an explicit override', () => {
    expect(canModerate(actor('admin'), 'restore', rejected)).toBe('revision_rejected');
    expect(canModerate(actor('admin'), 'restore', rejected, { override: true })).toBe('allowed');
  });

  it('still answers forbidden to non-moderators first', () => {
    expect(canModerate(actor('contributor'), 'restore', rejected, { override: true })).toBe('forbidden');
  });
});

describe('revisions older than the published one', () => {
  const older = { groupId: GROUP, status: 'pending' as const, contributorIds: [], olderThanPublished: true };

  it('are never approved, not even by an admin with override', () => {
    expect(canModerate(actor('moderator'), 'approve', older)).toBe('superseded');
    expect(canModerate(actor('admin'), 'approve', older, { override: true })).toBe('superseded');
  });

  it('may still be rejected or sent back', () => {
    expect(canModerate(actor('moderator'), 'reject', older)).toBe('allowed');
    expect(canModerate(actor('moderator'), 'request_changes', older)).toBe('allowed');
  });

  it('is decided by nobody once superseded', () => {
    expect(canModerate(actor('moderator'), 'reject', { ...older, status: 'superseded', olderThanPublished: false })).toBe('superseded');
  });
});

describe('review notes: who × contributed → may read the note', () => {
  const table: [Who, boolean, boolean][] = [
    ['anonymous', false, false],
    ['outsider', false, false],
    ['outsider', true, true],
    ['moderator-elsewhere', false, false],
    ['moderator-elsewhere', true, true],
    ['contributor', false, true],
    ['contributor', true, true],
    ['moderator', false, true],
    ['admin', false, true],
  ];
  it.each(table)('%s (contributed: %s): %s', (who, contributed, allowed) => {
    expect(canSeeReviewNote(actor(who), { groupId: GROUP, contributorIds: contributed ? ['someone', ME] : ['someone'] })).toBe(allowed);
  });
});

describe('the review queue', () => {
  it.each<[Who, Verdict]>([
    ['anonymous', 'unauthenticated'],
    ['outsider', 'forbidden'],
    ['contributor', 'forbidden'],
    ['moderator', 'allowed'],
    ['moderator-elsewhere', 'allowed'],
    ['admin', 'allowed'],
  ])('%s: %s', (who, verdict) => {
    expect(canSeeQueue(actor(who))).toBe(verdict);
  });
});

describe('the hub-wide audit log', () => {
  it.each<[Who, Verdict]>([
    ['anonymous', 'unauthenticated'],
    ['outsider', 'forbidden'],
    ['contributor', 'forbidden'],
    ['moderator', 'forbidden'],
    ['moderator-elsewhere', 'forbidden'],
    ['admin', 'allowed'],
  ])('%s: %s', (who, verdict) => {
    expect(canSeeHubAudit(actor(who))).toBe(verdict);
  });
});
