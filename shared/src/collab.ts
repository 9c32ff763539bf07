/**
 * The collaboration protocol.
 *
 * The collab endpoint `ws(s)://HOST/collab/<entryId>` speaks the standard
 * y-websocket protocol: every frame is a binary message starting with a
 * varUint message type —
 *   0 sync      (y-protocols/sync: step 1 = state vector, step 2 = missing updates, 2 = update)
 *   1 awareness (y-protocols/awareness update)
 *   3 query awareness (the server answers with the full awareness state)
 * so the stock `y-websocket` WebsocketProvider connects unchanged.
 *
 * One extension, sent only to clients that ask for it with `?ack=1`:
 *   100 ack — varUint `count`: the first `count` document-carrying messages
 *       (sync step 2 and update) this client sent on this connection are now
 *       durably stored in the entry_updates log (or carried nothing new).
 *       Counts are cumulative and only grow. A read-only connection is never
 *       acknowledged (its updates are dropped).
 *   101 notice — varString `code`: something the editor should tell its user.
 *       `read_only_entry_full`: the entry already has MAX_EDITORS_PER_ENTRY
 *       writers, so this connection is read-only (its updates are dropped).
 * Stock clients never send `ack=1`, so they never see a type they do not know.
 *
 * Authentication at upgrade: the session cookie, or `?token=<bearer token>`.
 * Refusals are reported by closing the socket with one of the CLOSE_* codes.
 */

export const MESSAGE_SYNC = 0;
export const MESSAGE_AWARENESS = 1;
export const MESSAGE_AUTH = 2;
export const MESSAGE_QUERY_AWARENESS = 3;
export const MESSAGE_ACK = 100;
export const MESSAGE_NOTICE = 101;

/** Codes of MESSAGE_NOTICE. */
export const NOTICE_READ_ONLY_ENTRY_FULL = 'read_only_entry_full';
/** The account lost write access to the entry (role or membership changed): the connection is read-only now. */
export const NOTICE_READ_ONLY_ACCESS_CHANGED = 'read_only_access_changed';
/** A moderator archived the entry: it is read-only for everyone until restored (writing again takes a reconnect). */
export const NOTICE_READ_ONLY_ARCHIVED = 'read_only_archived';
/** The entry's document reached MAX_DOCUMENT_BYTES: the edit was refused and the connection is read-only now. */
export const NOTICE_DOCUMENT_TOO_LARGE = 'document_too_large';

/** Names of the shared types of an entry's Y.Doc. */
export const DOC_BODY = 'body'; // Y.XmlFragment: the rich text (Tiptap / ProseMirror)
export const DOC_META = 'meta'; // Y.Map: the fields below (their types and who creates them: entry-doc.ts)
export const META_TITLE = 'title'; // Y.Text
export const META_SUMMARY = 'summary'; // Y.Text
export const META_TAGS = 'tags';
export const META_LANGUAGE = 'language';

/** Close codes of the collab endpoint, each with the reason a client may show. */
export const CLOSE_NORMAL = 1000;
/** The server is shutting down; everything acknowledged is stored. Reconnect later. */
export const CLOSE_GOING_AWAY = 1001;
/** No valid session cookie or token. Sign in again; do not retry as is. */
export const CLOSE_UNAUTHENTICATED = 4401;
/** Signed in, but this account may not even read this entry; or a cookie-authenticated upgrade from another origin. */
export const CLOSE_FORBIDDEN = 4403;
/** No entry with this id. */
export const CLOSE_ENTRY_NOT_FOUND = 4404;
/** A frame larger than MAX_FRAME_BYTES (the standard WebSocket code "message too big"). */
export const CLOSE_FRAME_TOO_LARGE = 1009;
/** A frame that does not decode, or a message type the server does not know. */
export const CLOSE_MALFORMED_FRAME = 4400;
/** Too many connections of this account (on this entry, or in all). */
export const CLOSE_TOO_MANY = 4429;
/** The server failed while handling this connection (e.g. the database is down). */
export const CLOSE_INTERNAL_ERROR = 4500;

export const CLOSE_REASONS: Record<number, string> = {
  [CLOSE_UNAUTHENTICATED]: 'unauthenticated',
  [CLOSE_FORBIDDEN]: 'forbidden',
  [CLOSE_ENTRY_NOT_FOUND]: 'entry_not_found',
  [CLOSE_FRAME_TOO_LARGE]: 'frame_too_large',
  [CLOSE_MALFORMED_FRAME]: 'malformed_frame',
  [CLOSE_TOO_MANY]: 'too_many_connections',
  [CLOSE_INTERNAL_ERROR]: 'internal_error',
  [CLOSE_GOING_AWAY]: 'going_away',
};

/** Close codes after which a client must not reconnect automatically. */
export const FATAL_CLOSE_CODES: readonly number[] = [CLOSE_UNAUTHENTICATED, CLOSE_TOO_MANY, CLOSE_FORBIDDEN, CLOSE_ENTRY_NOT_FOUND];

/** The collab URL path of an entry. */
export function collabPath(entryId: string): string {
  return `/collab/${entryId}`;
}

/**
 * Awareness `user` field (presence list, carets). The server overwrites it on
 * every state a connection publishes, from the connection's session: a client
 * cannot show itself as somebody else.
 */
export interface AwarenessUser {
  name: string;
  color: string;
  userId?: string;
}
