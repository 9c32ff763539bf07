import * as Y from 'yjs';
import { DOC_BODY, DOC_META, META_LANGUAGE, META_SUMMARY, META_TAGS, META_TITLE } from '@knowledge-hub/shared';
import { storableText } from './prosemirror';

/**
 * The shape of an entry's Y.Doc (names declared once in shared/): an
 * XmlFragment `body` edited by Tiptap and a Map `meta` with title, summary,
 * tags and language. Pure helpers, used by the entries and collab modules.
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
    title: stringOr(meta.get(META_TITLE), ''),
    summary: stringOr(meta.get(META_SUMMARY), ''),
    tags: Array.isArray(tags) ? tags.filter((t): t is string => typeof t === 'string').map(storableText) : [],
    language: stringOr(meta.get(META_LANGUAGE), 'en'),
  };
}

/** The first state of a new entry: its title in meta and an empty body. */
export function initialEntryState(title: string, language = 'en'): Uint8Array {
  const doc = new Y.Doc();
  doc.transact(() => {
    const meta = doc.getMap(DOC_META);
    meta.set(META_TITLE, title);
    meta.set(META_SUMMARY, '');
    meta.set(META_LANGUAGE, language);
    doc.getXmlFragment(DOC_BODY);
  });
  const state = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  return state;
}

/** Any writer sets meta: strings only, without the NULs Postgres cannot store. */
function stringOr(value: unknown, fallback: string): string {
  return typeof value === 'string' ? storableText(value) : fallback;
}
