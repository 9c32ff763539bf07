import * as Y from 'yjs';
import { DOC_META, META_TEXT_FIELDS, metaTextSlot } from '@knowledge-hub/shared';
import { ensureMetaTexts } from './entry-doc';

/** A stored document as the log keeps it: the compacted state (if any) and the log rows after it, oldest first. */
export interface StoredState {
  state: Uint8Array | null;
  updates: Uint8Array[];
}

/**
 * The forward update that turns a stored entry document's legacy string title
 * and summary into Y.Text holding exactly the same strings (a missing field
 * gets an empty text), or null when both are texts already.
 *
 * A forward update, not a new state: appended to the log, it reaches every
 * replica the usual way, and a client that still holds the old document (an
 * open tab) merges it without duplicating anything. It is written by a fresh
 * Yjs client id that the document has never seen.
 */
export function upgradeMetaTexts(stored: StoredState): Uint8Array | null {
  return forwardEdit(stored, (doc) => ensureMetaTexts(doc));
}

/** The reverse, for the migration's `down`: texts back to plain strings with the same content. */
export function downgradeMetaTexts(stored: StoredState): Uint8Array | null {
  return forwardEdit(stored, (doc) => {
    let changed = false;
    for (const field of META_TEXT_FIELDS) {
      const slot = metaTextSlot(doc, field);
      if (slot.kind !== 'text') continue;
      doc.getMap(DOC_META).set(field, slot.text.toString());
      changed = true;
    }
    return changed;
  });
}

function forwardEdit(stored: StoredState, edit: (doc: Y.Doc) => boolean): Uint8Array | null {
  const doc = new Y.Doc();
  try {
    doc.transact(() => {
      if (stored.state) Y.applyUpdate(doc, stored.state);
      for (const update of stored.updates) Y.applyUpdate(doc, update);
    });
    const known = Y.decodeStateVector(Y.encodeStateVector(doc));
    while (known.has(doc.clientID)) doc.clientID = Math.floor(Math.random() * 0xffffffff) >>> 0;
    let update: Uint8Array | null = null;
    const capture = (u: Uint8Array) => (update = update ? Y.mergeUpdates([update, u]) : u);
    doc.on('update', capture);
    const changed = edit(doc);
    doc.off('update', capture);
    return changed ? update : null;
  } finally {
    doc.destroy();
  }
}
