import type { ReportStatus, RevisionStatus } from '@knowledge-hub/shared';
import type { Actor } from '../../common/actor';
import { type Verdict, verdictOf } from '../../common/policy';
import { roleIn } from '../groups/groups.policy';

/**
 * Who may do what with reports (pure; reports.policy.spec.ts is the table).
 * Deciding a report is moderation's (canModerate, the four-eyes rule: the
 * group's moderators and admins, never its author or media uploader unless
 * an admin overrides).
 *
 * - create a report, upload its media and captions: the group's members and
 *   admins, while it is not approved (an approved report is what readers see:
 *   it changes no more);
 * - read a report through the API: the group's members and admins (the public
 *   sees approved reports on /r/<slug>, /reports and the podcast feed).
 */
export type ReportAction = 'create' | 'upload' | 'read';

export function canOnReport(actor: Actor | null, action: ReportAction, groupId: string): Verdict {
  const member = !!actor && (actor.isAdmin || roleIn(actor, groupId) !== null);
  switch (action) {
    case 'create':
    case 'upload':
    case 'read':
      return verdictOf(actor, member);
  }
}

/** Media and captions may change until the report is approved. */
export function reportEditable(status: ReportStatus): boolean {
  return status !== 'approved';
}

/**
 * A report's status as the review sees it: only a pending report (it has
 * media, uploaded since the last decision) can be decided. A draft (no media
 * yet) is "not pending" like a decided one.
 */
export function reviewStatusOf(status: ReportStatus): RevisionStatus {
  return status === 'draft' ? 'changes_requested' : status;
}

/** What an upload does to the status: a new file puts the report (back) in the queue; captions alone do not take a draft there. */
export function statusAfterUpload(status: ReportStatus, what: 'media' | 'captions', hasMedia: boolean): ReportStatus {
  if (what === 'media') return 'pending';
  return hasMedia ? 'pending' : status;
}
