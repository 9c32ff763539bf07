import * as Y from 'yjs';
import { DOC_BODY, DOC_META, DOC_REFERENCES, docReferences, META_LANGUAGE, META_SUMMARY, META_TITLE, type PmNode } from '@knowledge-hub/shared';
import { ensureMetaTexts, setMetaText } from './entry-doc';
import { proseMirrorToYjs } from './prosemirror';

/** What of a frozen revision goes back into a document: its body (with the references it froze), title and summary. */
export interface RevisionContent {
  pmJson: unknown;
  title: string;
  summary: string;
}

/**
 * Makes `doc` hold a revision's content as a forward edit: delete the body,
 * insert the revision's blocks, keep exactly the references it froze (its
 * citations resolve as they did), and edit the title and summary texts by
 * their smallest change. Never replaces the Yjs state, so connected editors
 * see the change and nothing is duplicated. Used by restore (moderation) and
 * to pre-fill a translation (translations).
 */
export function applyRevisionContent(doc: Y.Doc, revision: RevisionContent): void {
  doc.transact(() => {
    const body = doc.getXmlFragment(DOC_BODY);
    if (body.length > 0) body.delete(0, body.length);
    body.insert(0, proseMirrorToYjs(revision.pmJson as PmNode));
    const frozenRefs = docReferences(revision.pmJson as PmNode);
    const refs = doc.getMap(DOC_REFERENCES);
    for (const id of [...refs.keys()]) if (!frozenRefs.has(id)) refs.delete(id);
    for (const [id, item] of frozenRefs) {
      const { id: _id, ...value } = item;
      if (JSON.stringify(refs.get(id)) !== JSON.stringify(value)) refs.set(id, value);
    }
    setMetaText(doc, META_TITLE, revision.title);
    setMetaText(doc, META_SUMMARY, revision.summary);
  });
}

/** The first state of an entry that starts as a copy of a revision, in `language` (a translation). */
export function entryStateFromRevision(revision: RevisionContent, language: string): Uint8Array {
  const doc = new Y.Doc();
  try {
    doc.transact(() => {
      ensureMetaTexts(doc);
      doc.getMap(DOC_META).set(META_LANGUAGE, language);
      applyRevisionContent(doc, revision);
    });
    return Y.encodeStateAsUpdate(doc);
  } finally {
    doc.destroy();
  }
}
