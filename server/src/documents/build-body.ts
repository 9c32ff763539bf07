import * as Y from 'yjs';
import { DOC_BODY, DOC_META, META_LANGUAGE, META_SUMMARY, META_TAGS, META_TITLE } from '@knowledge-hub/shared';
import { ensureMetaTexts } from './entry-doc';

/** Simple structured content, turned into the ProseMirror-shaped Yjs body Tiptap edits. */
export type BodyBlock = { type: 'heading'; level: 2 | 3; text: string } | { type: 'paragraph'; text: string } | { type: 'bullets'; items: string[] };

export interface EntryContent {
  title: string;
  summary: string;
  tags: string[];
  language: string;
  body: BodyBlock[];
}

/** The full Yjs state of an entry with this content (node names as in Tiptap's StarterKit). */
export function buildEntryState(content: EntryContent): Uint8Array {
  const doc = new Y.Doc();
  doc.transact(() => {
    ensureMetaTexts(doc, { [META_TITLE]: content.title, [META_SUMMARY]: content.summary });
    const meta = doc.getMap(DOC_META);
    meta.set(META_TAGS, content.tags);
    meta.set(META_LANGUAGE, content.language);
    const body = doc.getXmlFragment(DOC_BODY);
    body.insert(0, content.body.map(toElement));
  });
  const state = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  return state;
}

function toElement(block: BodyBlock): Y.XmlElement {
  switch (block.type) {
    case 'heading': {
      const el = new Y.XmlElement('heading');
      el.setAttribute('level', block.level as unknown as string);
      el.insert(0, [textNode(block.text)]);
      return el;
    }
    case 'paragraph':
      return paragraph(block.text);
    case 'bullets': {
      const list = new Y.XmlElement('bulletList');
      list.insert(
        0,
        block.items.map((item) => {
          const li = new Y.XmlElement('listItem');
          li.insert(0, [paragraph(item)]);
          return li;
        }),
      );
      return list;
    }
  }
}

function paragraph(text: string): Y.XmlElement {
  const p = new Y.XmlElement('paragraph');
  p.insert(0, [textNode(text)]);
  return p;
}

function textNode(text: string): Y.XmlText {
  const t = new Y.XmlText();
  t.insert(0, text);
  return t;
}
