/*
 * Tiptap and ProseMirror: the editor's own chunk, fetched once the page shows the entry's text (LiveBody).
 * Tiptap (with ProseMirror) is imported on its own first, so that it is evaluated in a task of its own as it
 * arrives: evaluated with the editor's chunk, the two made one task of ~300 ms on a phone. KaTeX is not part of
 * it: it comes with the first formula (features/math/katex-load.ts).
 */
export type EditorChunk = typeof import('./editor-body');

let editorChunk: Promise<EditorChunk> | null = null;

export function loadEditorChunk(): Promise<EditorChunk> {
  editorChunk ??= import('@tiptap/react')
    .then(() => import('./editor-body'))
    .catch((err: unknown) => {
      editorChunk = null; // asked for again next time (a dropped connection, a new deployment)
      throw err;
    });
  return editorChunk;
}
