import type { NotificationKind } from '@knowledge-hub/shared';

/**
 * Who is told of what: pure functions from a cause to its recipients, one
 * notification per person per cause at most, never the person who caused it.
 * The table in notifications.policy.spec.ts is the specification.
 *
 * - a comment: those it mentions (already narrowed to people who may read
 *   it) are told `mentioned`; the entry's other contributors `commented`;
 * - a decision on a revision: its contributors and its submitter;
 * - a decided join request: the requester;
 * - a submitted revision: the group's moderators;
 * - a join request: those who may decide it (the group's moderators and the
 *   admins, as join-requests.policy.ts says), never the requester;
 * - an invitation naming an existing, enabled account's email: that account
 *   (the service finds it; nobody for an unknown email or none).
 */
export type NotificationCause =
  | { kind: 'comment'; authorId: string; mentioned: readonly string[]; contributors: readonly string[] }
  /** People a writer mentioned in an entry's body (body-mentions.service.ts narrowed them); writerId null: unknown. */
  | { kind: 'body_mention'; writerId: string | null; mentioned: readonly string[] }
  | { kind: 'decision'; decision: 'approved' | 'changes_requested' | 'rejected'; deciderId: string; contributorIds: readonly string[]; submittedBy: string }
  | { kind: 'join_decided'; deciderId: string; requesterId: string }
  | { kind: 'submitted'; submitterId: string; moderatorIds: readonly string[] }
  | { kind: 'join_requested'; requesterId: string; deciderIds: readonly string[] }
  | { kind: 'invited'; inviterId: string; inviteeId: string | null };

export interface Delivery {
  userId: string;
  kind: NotificationKind;
}

export function recipientsOf(cause: NotificationCause): Delivery[] {
  const out = new Map<string, NotificationKind>();
  const add = (ids: readonly string[], kind: NotificationKind, causedBy: string) => {
    for (const id of ids) if (id !== causedBy && !out.has(id)) out.set(id, kind);
  };
  switch (cause.kind) {
    case 'comment':
      add(cause.mentioned, 'mentioned', cause.authorId);
      add(cause.contributors, 'commented', cause.authorId);
      break;
    case 'body_mention':
      add(cause.mentioned, 'mentioned', cause.writerId ?? '');
      break;
    case 'decision':
      add([...cause.contributorIds, cause.submittedBy], `revision_${cause.decision}`, cause.deciderId);
      break;
    case 'join_decided':
      add([cause.requesterId], 'join_request_decided', cause.deciderId);
      break;
    case 'submitted':
      add(cause.moderatorIds, 'revision_submitted', cause.submitterId);
      break;
    case 'join_requested':
      add(cause.deciderIds, 'join_requested', cause.requesterId);
      break;
    case 'invited':
      add(cause.inviteeId ? [cause.inviteeId] : [], 'invited', cause.inviterId);
      break;
  }
  return Array.from(out, ([userId, kind]) => ({ userId, kind }));
}
