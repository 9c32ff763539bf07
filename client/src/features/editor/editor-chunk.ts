/*
 * Tiptap, ProseMirror and KaTeX: the editor's own chunk, fetched once the page shows the entry's text (LiveBody).
 * KaTeX and Tiptap (with ProseMirror) are imported on their own first, so that each is evaluated in a task of its
 * own as it arrives: evaluated with the editor's chunk, the three made one task of ~300 ms on a phone.
 */
export type EditorChunk = typeof import('./editor-body');

let editorChunk: Promise<EditorChunk> | null = null;

export function loadEditorChunk(): Promise<EditorChunk> {
  editorChunk ??= Promise.all([import('katex'), import('@tiptap/react')])
    .then(() => import('./editor-body'))
    .catch((err: unknown) => {
      editorChunk = null; // asked for again next time (a dropped connection, a new deployment)
      throw err;
    });
  return editorChunk;
}
