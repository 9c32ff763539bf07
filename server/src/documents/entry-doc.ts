import * as Y from 'yjs';
import {
  DOC_BODY,
  DOC_META,
  META_LANGUAGE,
  META_SUMMARY,
  META_TAGS,
  META_TEXT_FIELDS,
  META_TITLE,
  metaTextSlot,
  readSummary,
  readTitle,
  replaceText,
  type MetaTextField,
} from '@knowledge-hub/shared';
import { storableText } from './prosemirror';

/**
 * The shape of an entry's Y.Doc (declared once in shared/entry-doc.ts): an
 * XmlFragment `body` edited by Tiptap and a Map `meta` with title and summary
 * (Y.Text), tags and language. Pure helpers, used by the entries, collab and
 * moderation modules and the migrations.
 *
 * Only the server creates the title and summary texts (clients that did so
 * concurrently would lose one text): here, when an entry is created, and in
 * the MetaText migration.
 */

export interface EntryMeta {
  title: string;
  summary: string;
  tags: string[];
  language: string;
}

export function readMeta(doc: Y.Doc): EntryMeta {
  const meta = doc.getMap<unknown>(DOC_META);
  const tags = meta.get(META_TAGS);
  return {
    title: storableText(readTitle(doc)),
    summary: storableText(readSummary(doc)),
    tags: Array.isArray(tags) ? tags.filter((t): t is string => typeof t === 'string').map(storableText) : [],
    language: stringOr(meta.get(META_LANGUAGE), 'en'),
  };
}

/** The first state of a new entry: its title and an empty summary as texts in meta, and an empty body. */
export function initialEntryState(title: string, language = 'en'): Uint8Array {
  const doc = new Y.Doc();
  doc.transact(() => {
    ensureMetaTexts(doc, { [META_TITLE]: title, [META_SUMMARY]: '' });
    doc.getMap(DOC_META).set(META_LANGUAGE, language);
    doc.getXmlFragment(DOC_BODY);
  });
  const state = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  return state;
}

/**
 * Gives `doc` a Y.Text under every text field of meta that has none: the text
 * holds the legacy string if there is one (exactly), else `initial[field]`,
 * else ''. A field that already is a text is left alone, so running it twice
 * changes nothing. Returns whether anything changed. Server-side only.
 */
export function ensureMetaTexts(doc: Y.Doc, initial: Partial<Record<MetaTextField, string>> = {}): boolean {
  let changed = false;
  doc.transact(() => {
    for (const field of META_TEXT_FIELDS) {
      const slot = metaTextSlot(doc, field);
      if (slot.kind === 'text') continue;
      doc.getMap(DOC_META).set(field, new Y.Text(slot.kind === 'legacy' ? slot.value : (initial[field] ?? '')));
      changed = true;
    }
  });
  return changed;
}

/**
 * Sets a title or summary as a forward edit (restore): the smallest edit of
 * the text, so concurrent typing elsewhere in it survives; a field without a
 * text (legacy string, or missing) gets one, as the server may create it.
 */
export function setMetaText(doc: Y.Doc, field: MetaTextField, value: string): void {
  const slot = metaTextSlot(doc, field);
  if (slot.kind === 'text') replaceText(slot.text, value);
  else doc.getMap(DOC_META).set(field, new Y.Text(value));
}

/** Any writer sets meta: strings only, without the NULs Postgres cannot store. */
function stringOr(value: unknown, fallback: string): string {
  return typeof value === 'string' ? storableText(value) : fallback;
}
