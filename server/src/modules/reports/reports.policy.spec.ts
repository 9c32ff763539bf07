import type { ReportStatus } from '@knowledge-hub/shared';
import type { Actor } from '../../common/actor';
import { canModerate } from '../moderation/moderation.policy';
import { canOnReport, reportEditable, reviewStatusOf, statusAfterUpload } from './reports.policy';

const GROUP = 'g1';
const OTHER = 'g2';
const actor = (id: string, roles: Record<string, 'contributor' | 'moderator'>, isAdmin = false): Actor => ({
  id,
  email: `${id}@test`,
  name: id,
  isAdmin,
  memberships: new Map(Object.entries(roles)),
});

const anonymous = null;
const outsider = actor('u-out', {});
const contributor = actor('u-con', { [GROUP]: 'contributor' });
const moderator = actor('u-mod', { [GROUP]: 'moderator' });
const otherModerator = actor('u-om', { [OTHER]: 'moderator' });
const admin = actor('u-adm', {}, true);

describe('canOnReport', () => {
  it.each([
    ['anonymous', anonymous, 'unauthenticated'],
    ['outsider', outsider, 'forbidden'],
    ['contributor', contributor, 'allowed'],
    ['moderator', moderator, 'allowed'],
    ['other group moderator', otherModerator, 'forbidden'],
    ['admin', admin, 'allowed'],
  ] as const)('%s: create, upload and read → %s', (_name, who, verdict) => {
    for (const action of ['create', 'upload', 'read'] as const) expect(canOnReport(who, action, GROUP)).toBe(verdict);
  });
});

describe('report review policy (the one moderation policy, with a report as the scope)', () => {
  const scope = (status: ReportStatus, authors: string[] = [contributor.id]) => ({ groupId: GROUP, status: reviewStatusOf(status), contributorIds: authors });
  it.each([
    // who, status, action, override, verdict
    ['moderator approves a pending report', moderator, 'pending', 'approve', false, 'allowed'],
    ['moderator requests changes', moderator, 'pending', 'request_changes', false, 'allowed'],
    ['moderator rejects', moderator, 'pending', 'reject', false, 'allowed'],
    ['contributor may not approve', contributor, 'pending', 'approve', false, 'forbidden'],
    ['anonymous', anonymous, 'pending', 'approve', false, 'unauthenticated'],
    ["another group's moderator", otherModerator, 'pending', 'approve', false, 'forbidden'],
    ['a draft (no media) is not pending', moderator, 'draft', 'approve', false, 'already_reviewed'],
    ['an approved report is decided already', moderator, 'approved', 'reject', false, 'already_reviewed'],
    ['a rejected report is decided already', moderator, 'rejected', 'approve', false, 'already_reviewed'],
    ['admin approves', admin, 'pending', 'approve', false, 'allowed'],
  ] as const)('%s → %s', (_name, who, status, action, override, verdict) => {
    expect(canModerate(who, action, scope(status), { override })).toBe(verdict);
  });

  it('four-eyes: a moderator who made the report (or uploaded its media) may not approve it; an admin may, with an explicit override', () => {
    const authoredByMod = { groupId: GROUP, status: reviewStatusOf('pending'), contributorIds: [moderator.id] };
    expect(canModerate(moderator, 'approve', authoredByMod)).toBe('self_review');
    expect(canModerate(moderator, 'approve', authoredByMod, { override: true })).toBe('self_review');
    expect(canModerate(moderator, 'request_changes', authoredByMod)).toBe('allowed');
    const authoredByAdmin = { groupId: GROUP, status: reviewStatusOf('pending'), contributorIds: [admin.id] };
    expect(canModerate(admin, 'approve', authoredByAdmin)).toBe('self_review');
    expect(canModerate(admin, 'approve', authoredByAdmin, { override: true })).toBe('allowed');
  });
});

describe('report status', () => {
  it.each([
    ['draft', true],
    ['pending', true],
    ['changes_requested', true],
    ['rejected', true],
    ['approved', false],
  ] as const)('%s: media and captions may change → %s', (status, editable) => {
    expect(reportEditable(status)).toBe(editable);
  });

  it.each([
    ['draft', 'media', false, 'pending'],
    ['draft', 'captions', false, 'draft'],
    ['changes_requested', 'captions', true, 'pending'],
    ['rejected', 'media', true, 'pending'],
    ['pending', 'captions', true, 'pending'],
  ] as const)('%s + new %s (has media: %s) → %s', (status, what, hasMedia, next) => {
    expect(statusAfterUpload(status, what, hasMedia)).toBe(next);
  });
});
