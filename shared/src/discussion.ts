import { z } from 'zod';
import { MAX_NOTE_CHARS } from './limits.js';
import type { UserRef } from './moderation.js';

/**
 * Discussion (issue 14): comments anchored to the text of an entry, mentions,
 * notifications. Comments live in Postgres beside the entry, never in its
 * document and never on public pages.
 *
 * A thread's first comment carries the anchor:
 * - `text`: on the live draft, two Yjs relative positions over the body
 *   XmlFragment (base64 of `Y.encodeRelativePosition`), so the comment stays on
 *   its words while others edit; `quote` is the text as it was when commented.
 * - `block`: on a frozen revision (the review page), the revision's top-level
 *   block index and text offsets within that block's text.
 */

export const MAX_COMMENT_CHARS = 4_000;
export const MAX_QUOTE_CHARS = 500;
export const MAX_MENTIONS_PER_COMMENT = 20;
/** base64 of an encoded relative position: a client id, a clock, a type key at most. */
export const MAX_RELATIVE_POSITION_CHARS = 1_000;

const relativePosition = z
  .string()
  .min(1)
  .max(MAX_RELATIVE_POSITION_CHARS)
  .regex(/^[A-Za-z0-9+/]+={0,2}$/, 'base64 of Y.encodeRelativePosition');

export const textAnchor = z.strictObject({
  kind: z.literal('text'),
  start: relativePosition,
  end: relativePosition,
  quote: z.string().max(MAX_QUOTE_CHARS),
});
export const blockAnchor = z.strictObject({
  kind: z.literal('block'),
  block: z.number().int().min(0).max(100_000),
  from: z.number().int().min(0).max(10_000_000),
  to: z.number().int().min(0).max(10_000_000),
  quote: z.string().max(MAX_QUOTE_CHARS),
});
export const commentAnchor = z.discriminatedUnion('kind', [textAnchor, blockAnchor]);
export type TextAnchor = z.infer<typeof textAnchor>;
export type BlockAnchor = z.infer<typeof blockAnchor>;
export type CommentAnchor = z.infer<typeof commentAnchor>;

const commentText = z.string().trim().min(1, 'A comment needs some text').max(MAX_COMMENT_CHARS);
const mentions = z.array(z.string().uuid()).max(MAX_MENTIONS_PER_COMMENT).default([]);

/** POST /api/entries/:id/comments (a text anchor) and POST /api/revisions/:id/comments (a block anchor): a new thread. */
export const createThreadBody = z.strictObject({ body: commentText, anchor: commentAnchor, mentions });
export type CreateThreadBody = z.infer<typeof createThreadBody>;

/** POST /api/comments/:id/replies (the id of any comment of the thread) and PATCH /api/comments/:id. */
export const commentBody = z.strictObject({ body: commentText, mentions });
export type CommentBody = z.infer<typeof commentBody>;

export interface CommentDto {
  id: string;
  author: UserRef;
  body: string;
  mentions: UserRef[];
  createdAt: string;
  editedAt: string | null;
}

export interface CommentThreadDto {
  /** The id of its first comment. */
  id: string;
  entryId: string;
  /** Set for a comment on a frozen revision (review page). */
  revisionId: string | null;
  anchor: CommentAnchor;
  resolved: { by: UserRef; at: string } | null;
  comments: CommentDto[];
}

/* -------------------------------------------------------------- notifications */

export const NOTIFICATION_KINDS = [
  'mentioned',
  'commented',
  'revision_approved',
  'revision_changes_requested',
  'revision_rejected',
  'join_request_decided',
  'revision_submitted',
  'join_requested',
  'invited',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export interface NotificationDto {
  id: string;
  kind: NotificationKind;
  /** Who caused it (the commenter, the moderator, the submitter). */
  actor: UserRef | null;
  entry: { id: string; title: string; slug: string } | null;
  group: { slug: string; name: string } | null;
  revision: { id: string; number: number } | null;
  commentId: string | null;
  /** A comment's excerpt, a moderator's note, a join decision ('approved' | 'declined'), a join request's message. */
  text: string;
  /**
   * `invited`: the groups the invitation grants and its token (its link is the app's /join/<token>); the token
   * is null once the invitation can no longer be used (accepted, revoked, expired). Null for other kinds.
   */
  invitation: { token: string | null; groups: { slug: string; name: string }[] } | null;
  createdAt: string;
  readAt: string | null;
}

export interface NotificationPageDto {
  items: NotificationDto[];
  unread: number;
  /** Pass as `before` for the next page; null at the end. */
  next: string | null;
}

export const NOTIFICATIONS_PAGE_SIZE = 30;

export const notificationsQuery = z.strictObject({
  before: z.string().datetime().optional(),
  limit: z.coerce.number().int().min(1).max(100).default(NOTIFICATIONS_PAGE_SIZE),
  unread: z.enum(['true', 'false']).optional(),
});
export type NotificationsQuery = z.infer<typeof notificationsQuery>;

export const markReadBody = z.union([z.strictObject({ ids: z.array(z.string().uuid()).min(1).max(500) }), z.strictObject({ all: z.literal(true) })]);
export type MarkReadBody = z.infer<typeof markReadBody>;

export const NOTIFICATION_EMAIL_MODES = ['immediately', 'daily', 'never'] as const;
export type NotificationEmailMode = (typeof NOTIFICATION_EMAIL_MODES)[number];
export const notificationPreferencesBody = z.strictObject({ email: z.enum(NOTIFICATION_EMAIL_MODES) });
export type NotificationPreferencesDto = z.infer<typeof notificationPreferencesBody>;

/** POST /api/entries/:id/revisions: an optional note on what changed (`{}` still works). */
export const submitRevisionBody = z.strictObject({ note: z.string().trim().max(MAX_NOTE_CHARS).optional() });
export type SubmitRevisionBody = z.infer<typeof submitRevisionBody>;
