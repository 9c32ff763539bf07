import type { EditorState } from '@tiptap/pm/state';
import { absolutePositionToRelativePosition, relativePositionToAbsolutePosition, ySyncPluginKey } from '@tiptap/y-tiptap';
import * as Y from 'yjs';
import { MAX_QUOTE_CHARS, type TextAnchor } from '@knowledge-hub/shared';

/**
 * Comment anchors on the live draft: the selection's two ends as Yjs relative
 * positions over the body XmlFragment (the Collaboration binding's type),
 * encoded as base64 of Y.encodeRelativePosition. They follow their characters
 * through everyone's edits; when the anchored text is deleted both ends meet
 * and the comment is "on deleted text".
 */

interface SyncState {
  doc: Y.Doc;
  type: Y.XmlFragment;
  binding: { mapping: unknown } | null;
}

function syncOf(state: EditorState): SyncState | null {
  const sync = ySyncPluginKey.getState(state) as SyncState | undefined;
  return sync?.binding ? sync : null;
}

export function toBase64(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s);
}

export function fromBase64(text: string): Uint8Array {
  const s = atob(text);
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

/** The anchor of the selection [from, to), or null without a Yjs binding or an empty selection. */
export function anchorOf(state: EditorState, from: number, to: number): TextAnchor | null {
  const sync = syncOf(state);
  if (!sync || from >= to) return null;
  // biome-ignore lint/suspicious/noExplicitAny: y-tiptap's helpers are typed loosely
  const start = absolutePositionToRelativePosition(from, sync.type as any, sync.binding!.mapping as any);
  // biome-ignore lint/suspicious/noExplicitAny: as above
  const end = absolutePositionToRelativePosition(to, sync.type as any, sync.binding!.mapping as any);
  const quote = state.doc.textBetween(from, to, ' ').slice(0, MAX_QUOTE_CHARS);
  return { kind: 'text', start: toBase64(Y.encodeRelativePosition(start)), end: toBase64(Y.encodeRelativePosition(end)), quote };
}

export interface ResolvedAnchor {
  from: number;
  to: number;
  /** The anchored text as it reads now. */
  text: string;
}

/** Where the anchor is now; null when its text was deleted (or the document is not bound yet). */
export function resolveAnchor(state: EditorState, anchor: TextAnchor): ResolvedAnchor | null {
  const sync = syncOf(state);
  if (!sync) return null;
  try {
    const at = (encoded: string) =>
      // biome-ignore lint/suspicious/noExplicitAny: as above
      relativePositionToAbsolutePosition(sync.doc as any, sync.type as any, Y.decodeRelativePosition(fromBase64(encoded)), sync.binding!.mapping as any);
    const from = at(anchor.start);
    const to = at(anchor.end);
    if (from === null || to === null || from >= to || to > state.doc.content.size) return null;
    const text = state.doc.textBetween(from, to, ' ');
    return text.trim() === '' ? null : { from, to, text };
  } catch {
    return null; // a malformed position names nothing
  }
}
