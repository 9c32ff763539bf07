import { z } from 'zod';
import { MAX_NOTE_CHARS } from './limits.js';

/** People: join requests (issue 10, part 2). Request bodies and answers of the join-request routes. */

/** Longest message a person may send with a request to join a group. */
export const MAX_JOIN_MESSAGE_CHARS = 1_000;

export const JOIN_REQUEST_STATUSES = ['pending', 'approved', 'declined'] as const;
export type JoinRequestStatus = (typeof JOIN_REQUEST_STATUSES)[number];

export const createJoinRequestBody = z.strictObject({ message: z.string().trim().max(MAX_JOIN_MESSAGE_CHARS).default('') });
export type CreateJoinRequestBody = z.infer<typeof createJoinRequestBody>;

export const declineJoinRequestBody = z.strictObject({ note: z.string().trim().min(1, 'A note is required').max(MAX_NOTE_CHARS) });
export type DeclineJoinRequestBody = z.infer<typeof declineJoinRequestBody>;

/** One's own request, as its requester sees it (POST answer, GET /api/me/join-requests). */
export interface JoinRequestDto {
  id: string;
  group: { slug: string; name: string; nameZh: string };
  message: string;
  status: JoinRequestStatus;
  /** The decider's note (declined requests carry one). */
  note: string | null;
  createdAt: string;
  decidedAt: string | null;
}

/** The answer to approving or declining a request: the request, and whether its requester was told by email. */
export interface DecidedJoinRequestDto extends JoinRequestDto {
  /** The decision was mailed to the requester and the SMTP server accepted it (false: no SMTP_URL, or sending failed). */
  emailed: boolean;
}

/** A pending request, as the group's moderators see it (GET /api/groups/:slug/join-requests). */
export interface PendingJoinRequestDto {
  id: string;
  groupSlug: string;
  requester: { id: string; name: string; email: string };
  message: string;
  createdAt: string;
}
