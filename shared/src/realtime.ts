import type { NotificationDto } from './discussion.js';

/**
 * socket.io events on `/realtime` (path `/realtime`). Authenticated like the
 * REST API (session cookie, or `auth: { token }` in the handshake).
 *
 * Presence: a client says which group it is looking at and which entry (if
 * any) it is editing; everyone watching that group receives the group's roster
 * whenever it changes.
 */

export interface PresenceMember {
  userId: string;
  name: string;
  color: string;
  /** The entry this user is editing, or null when only viewing the group. */
  entryId: string | null;
}

export interface PresenceRoster {
  groupSlug: string;
  members: PresenceMember[];
}

export interface WatchGroupPayload {
  groupSlug: string;
  entryId?: string | null;
}

/** Acknowledgement of every client→server event. */
export type RealtimeAck = { ok: true } | { ok: false; code: string; message: string };

/**
 * The review queue changed: a revision was submitted or decided. Sent to the
 * moderators of the entry's group (and admins), who refetch GET /api/review/queue.
 */
export interface ReviewQueueEvent {
  /** `superseded`: a newer revision of the entry was approved, so this pending one left the queue. */
  kind: 'submitted' | 'decided' | 'superseded';
  revisionId: string;
  entryId: string;
  groupSlug: string;
  /** Absent or `revision`: an entry revision; `dataset_version`: revisionId and entryId are the version's and its dataset's ids. */
  item?: 'revision' | 'dataset_version' | 'report';
}

/**
 * An entry's record or history changed: a revision was submitted, decided or
 * superseded, the entry was unpublished, or a revision restored (audit log). Sent to
 * everyone watching the entry's group (its members: see 'presence:watch'), who
 * refetch the entry instead of polling it.
 */
export interface EntryChangedEvent {
  kind: ReviewQueueEvent['kind'] | 'unpublished' | 'restored';
  entryId: string;
  groupSlug: string;
}

/**
 * A join request to a group was created or decided. Sent to the group's
 * moderators (and admins), who refetch GET /api/groups/:slug/join-requests.
 */
export interface JoinRequestEvent {
  kind: 'created' | 'decided';
  id: string;
  groupSlug: string;
  /** On 'decided': the decision (the requester hears of it live too, in their own room). */
  status?: 'approved' | 'declined';
}

/**
 * A comment thread of an entry changed (created, replied to, edited, deleted,
 * resolved, reopened). Sent to everyone watching the entry's group and to its
 * moderators (review rooms); they refetch the entry's (or revision's) threads.
 */
export interface DiscussionEvent {
  kind: 'created' | 'replied' | 'edited' | 'deleted' | 'resolved' | 'reopened';
  entryId: string;
  revisionId: string | null;
  threadId: string;
  groupSlug: string;
}

export interface ServerToClientEvents {
  'presence:roster': (roster: PresenceRoster) => void;
  'discussion:changed': (event: DiscussionEvent) => void;
  /** A new notification for the receiving account (sent to its own room only). */
  'notification:new': (notification: NotificationDto) => void;
  'review:queue-changed': (event: ReviewQueueEvent) => void;
  'entry:changed': (event: EntryChangedEvent) => void;
  'people:join-request': (event: JoinRequestEvent) => void;
}

export interface ClientToServerEvents {
  /** Start watching a group (leaves the previously watched one). */
  'presence:watch': (payload: WatchGroupPayload, ack: (result: RealtimeAck) => void) => void;
  'presence:unwatch': (ack: (result: RealtimeAck) => void) => void;
}

export const REALTIME_PATH = '/realtime';

/**
 * A stable colour per user id, as #rrggbb (the caret extension accepts only
 * six-digit hex), so carets and presence dots agree everywhere.
 */
export function colorForUser(userId: string): string {
  let hash = 0;
  for (let i = 0; i < userId.length; i++) hash = (hash * 31 + userId.charCodeAt(i)) | 0;
  return hslToHex(Math.abs(hash) % 360, 0.7, 0.42);
}

function hslToHex(hueDeg: number, s: number, l: number): string {
  const a = s * Math.min(l, 1 - l);
  const channel = (n: number) => {
    const k = (n + hueDeg / 30) % 12;
    const v = l - a * Math.max(-1, Math.min(k - 3, 9 - k, 1));
    return Math.round(v * 255)
      .toString(16)
      .padStart(2, '0');
  };
  return `#${channel(0)}${channel(8)}${channel(4)}`;
}

/** The connect_error message of a socket.io handshake without a valid session. */
export const REALTIME_UNAUTHENTICATED = 'unauthenticated';
