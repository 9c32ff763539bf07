import { type Editor, Extension } from '@tiptap/core';
import { Plugin, PluginKey } from '@tiptap/pm/state';
import { Decoration, DecorationSet } from '@tiptap/pm/view';
import type { TextAnchor } from '@knowledge-hub/shared';
import { resolveAnchor } from './anchors';

/** The open threads drawn in the body, and the one in focus. */
export interface HighlightState {
  anchors: { id: string; anchor: TextAnchor }[];
  active: string | null;
}

const key = new PluginKey<HighlightState>('commentHighlights');

/**
 * Marks the text of open comment threads in the body (decorations only:
 * nothing enters the document). Anchors are resolved on every render, so the
 * marks follow remote edits as the relative positions do. Part of the live
 * editor from its creation, drawing nothing until the comments panel sets
 * its threads (setCommentHighlights): a plugin registered on an editor in the
 * page makes ProseMirror build every plugin's view again, and the Yjs
 * binding's view draws the whole document again (a long task on a phone).
 */
export const CommentHighlights = Extension.create({
  name: 'commentHighlights',
  addProseMirrorPlugins() {
    return [
      new Plugin<HighlightState>({
        key,
        state: {
          init: () => ({ anchors: [], active: null }),
          apply: (tr, value) => tr.getMeta(key) ?? value,
        },
        props: {
          decorations(state) {
            const { anchors, active } = key.getState(state) ?? { anchors: [], active: null };
            const decorations: Decoration[] = [];
            for (const { id, anchor } of anchors) {
              const at = resolveAnchor(state, anchor);
              if (!at) continue;
              decorations.push(
                Decoration.inline(at.from, at.to, { class: id === active ? 'comment-highlight active' : 'comment-highlight', 'data-thread-id': id }),
              );
            }
            return DecorationSet.create(state.doc, decorations);
          },
        },
      }),
    ];
  },
});

/** No thread drawn. */
export const NO_HIGHLIGHTS: HighlightState = { anchors: [], active: null };

/** Draws these threads in the body (an editor made without CommentHighlights draws none). */
export function setCommentHighlights(editor: Editor, value: HighlightState): void {
  if (editor.isDestroyed || !key.getState(editor.state)) return;
  editor.view.dispatch(editor.state.tr.setMeta(key, value).setMeta('addToHistory', false));
}
