import { DOC_META, META_SUMMARY, META_TITLE } from './collab.js';

/**
 * The shape of an entry's Y.Doc, declared once for the server and the client:
 *
 *   body   Y.XmlFragment   the rich text (Tiptap / ProseMirror)
 *   meta   Y.Map
 *     title     Y.Text     plain text, one line
 *     summary   Y.Text     plain text, may hold line breaks
 *     tags      string[]   (last writer wins)
 *     language  string     (last writer wins)
 *
 * Title and summary are Y.Text so that concurrent typing merges character by
 * character instead of one writer's whole value replacing the other's.
 *
 * Who creates the two texts: the server, when it creates an entry, and the
 * MetaText migration for entries that existed before. Never a client: two
 * clients that each set a new Y.Text under the same key would both succeed
 * locally, then one text (with everything typed into it) would lose. A client
 * waits for the sync and, if it finds no text, shows the field read-only.
 *
 * Legacy: before that migration both fields were plain strings in `meta`.
 * Readers take such a string as the field's value (read-only for editors)
 * until it is converted.
 *
 * This package imports no yjs at run time: the server is CommonJS and would
 * load yjs' second (ESM) build through this ESM package, and Yjs' constructor
 * checks fail between two copies. The helpers therefore see the document
 * through the few methods they use, which Y.Doc, Y.Map and Y.Text have.
 */

export const META_TEXT_FIELDS = [META_TITLE, META_SUMMARY] as const;
export type MetaTextField = (typeof META_TEXT_FIELDS)[number];

/** What these helpers use of a Y.Text. */
export interface SharedText {
  readonly length: number;
  toString(): string;
  insert(index: number, text: string): void;
  delete(index: number, length: number): void;
  toDelta(): unknown;
}

/** What these helpers use of a Y.Doc (a Y.Doc is one). */
export interface EntryDocLike {
  getMap(name: string): { get(key: string): unknown };
}

/** What `meta` holds under a text field. */
export type MetaTextSlot =
  | { kind: 'text'; text: SharedText }
  /** A plain string: a document from before the MetaText migration. */
  | { kind: 'legacy'; value: string }
  /** Nothing usable (not created, or something else written there). */
  | { kind: 'missing' };

/** Structural test for a Y.Text (Y.XmlText, a subclass, passes too). */
export function isSharedText(value: unknown): value is SharedText {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.toDelta === 'function' && typeof v.insert === 'function' && typeof v.delete === 'function' && typeof v.length === 'number';
}

export function metaTextSlot(doc: EntryDocLike, field: MetaTextField): MetaTextSlot {
  const value = doc.getMap(DOC_META).get(field);
  if (isSharedText(value)) return { kind: 'text', text: value };
  if (typeof value === 'string') return { kind: 'legacy', value };
  return { kind: 'missing' };
}

/** The field's current value: the text's content, a legacy string, or ''. */
export function readMetaText(doc: EntryDocLike, field: MetaTextField): string {
  const slot = metaTextSlot(doc, field);
  return slot.kind === 'text' ? slot.text.toString() : slot.kind === 'legacy' ? slot.value : '';
}

export function readTitle(doc: EntryDocLike): string {
  return readMetaText(doc, META_TITLE);
}

export function readSummary(doc: EntryDocLike): string {
  return readMetaText(doc, META_SUMMARY);
}

/** One replacement in a string: delete `deleteCount` code units at `index`, then insert `insert` there. */
export interface TextChange {
  index: number;
  deleteCount: number;
  insert: string;
}

/**
 * The smallest single replacement that turns `prev` into `next` (common prefix
 * and suffix kept), or null when they are equal.
 *
 * `caret`: where the caret is in `next` after a local edit. Typing, pasting and
 * deleting end the changed part at the caret, which settles the ambiguous cases:
 * typing "a" at the start of "aa" is an insert at 0, not at 2.
 *
 * Never splits a UTF-16 surrogate pair (an emoji stays whole on both sides).
 */
export function textChange(prev: string, next: string, caret?: number): TextChange | null {
  if (prev === next) return null;
  const shorter = Math.min(prev.length, next.length);
  let prefix = 0;
  let suffix = 0;
  const countSuffix = (limit: number) => {
    let n = 0;
    while (n < limit && prev.charCodeAt(prev.length - 1 - n) === next.charCodeAt(next.length - 1 - n)) n++;
    return n;
  };
  const countPrefix = (limit: number) => {
    let n = 0;
    while (n < limit && prev.charCodeAt(n) === next.charCodeAt(n)) n++;
    return n;
  };
  if (caret !== undefined && caret >= 0 && caret <= next.length) {
    suffix = countSuffix(Math.min(shorter, next.length - caret));
    prefix = countPrefix(shorter - suffix);
  } else {
    prefix = countPrefix(shorter);
    suffix = countSuffix(shorter - prefix);
  }
  if (prefix > 0 && isHighSurrogate(prev.charCodeAt(prefix - 1))) prefix--;
  if (suffix > 0 && isLowSurrogate(prev.charCodeAt(prev.length - suffix))) suffix--;
  return { index: prefix, deleteCount: prev.length - prefix - suffix, insert: next.slice(prefix, next.length - suffix) };
}

/**
 * Makes `text` hold `next` by the smallest edit (a forward edit: concurrent
 * typing elsewhere in the text survives). Call inside a transaction to attribute
 * or group it. Returns whether anything changed.
 *
 * A text with embeds (only a hostile writer puts them there) has a length that
 * differs from its string; then everything is replaced.
 */
export function replaceText(text: SharedText, next: string): boolean {
  const prev = text.toString();
  if (text.length !== prev.length) {
    text.delete(0, text.length);
    if (next.length > 0) text.insert(0, next);
    return true;
  }
  const change = textChange(prev, next);
  if (!change) return false;
  if (change.deleteCount > 0) text.delete(change.index, change.deleteCount);
  if (change.insert.length > 0) text.insert(change.index, change.insert);
  return true;
}

/**
 * Sets a title or summary that already is a shared text (tests and tools that
 * write as a client would). Throws when the field holds no text: a client must
 * not create it (see the top of this file).
 */
export function writeMetaText(doc: EntryDocLike, field: MetaTextField, next: string): boolean {
  const slot = metaTextSlot(doc, field);
  if (slot.kind !== 'text') throw new Error(`meta.${field} is ${slot.kind === 'legacy' ? 'a legacy string' : 'missing'}, not a shared text`);
  return replaceText(slot.text, next);
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}
