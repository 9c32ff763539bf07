/** Limits shared by server and client. Units are in the names. */

/** Largest collab frame the server accepts; a larger one closes that connection (CLOSE_FRAME_TOO_LARGE). */
export const MAX_FRAME_BYTES = 1_048_576;

/** Largest JSON request body the REST API accepts. */
export const MAX_JSON_BODY_BYTES = 262_144;

export const MAX_TITLE_CHARS = 200;
/** The part of an entry's address made from its title; a suffix (-xxxxxx) may follow when it is taken. */
export const MAX_SLUG_BASE_CHARS = 60;
/** Longest address (slug) of an entry or a group that any route accepts. */
export const MAX_SLUG_CHARS = 120;
export const MAX_SUMMARY_CHARS = 1_000;
/** Deepest nesting of blocks a submitted document may have (the editor's lists nest two levels per list). */
export const MAX_DOCUMENT_DEPTH = 100;
/** A moderator's note on a decision, unpublish or restore. */
export const MAX_NOTE_CHARS = 4_000;
export const MIN_PASSWORD_CHARS = 8;
/** Longest password accepted (argon2 hashes any length; this bounds the work a request can ask for). */
export const MAX_PASSWORD_CHARS = 1_024;
/** Longest email address (RFC 5321's path limit). */
export const MAX_EMAIL_CHARS = 254;

/** Largest awareness state (JSON) of one client; a larger one closes the connection (CLOSE_MALFORMED_FRAME). */
export const MAX_AWARENESS_STATE_BYTES = 4_096;
/** Awareness client ids one connection may speak for (a tab has one). */
export const MAX_AWARENESS_CLIENTS_PER_CONNECTION = 4;
