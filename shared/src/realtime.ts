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

export interface ServerToClientEvents {
  'presence:roster': (roster: PresenceRoster) => void;
}

export interface ClientToServerEvents {
  /** Start watching a group (leaves the previously watched one). */
  'presence:watch': (payload: WatchGroupPayload, ack: (result: RealtimeAck) => void) => void;
  'presence:unwatch': (ack: (result: RealtimeAck) => void) => void;
}

export const REALTIME_PATH = '/realtime';

/** A stable colour per user id, so carets and presence dots agree everywhere. */
export function colorForUser(userId: string): string {
  let hash = 0;
  for (let i = 0; i < userId.length; i++) hash = (hash * 31 + userId.charCodeAt(i)) | 0;
  const hue = Math.abs(hash) % 360;
  return `hsl(${hue} 70% 42%)`;
}
